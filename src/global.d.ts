// Stylesheets are imported for their side effect: wp-scripts extracts them into build/*.css.
declare module '*.css';
declare module '*.scss';

// WordPress's notices store. At runtime it is the wp-notices script of WordPress itself (the build turns the
// import into wp.notices and lists the handle in build/index.asset.php); the npm package is not a devDependency,
// so what the app uses of it is typed here, and jest maps the import to src/test-support/notices.ts.
declare module '@wordpress/notices' {
	import type {
		ReduxStoreConfig,
		StoreDescriptor,
	} from '@wordpress/data/build-types/types';

	export interface Notice {
		id: string;
		status: string;
		content: string;
		type: string;
	}
	export const store: StoreDescriptor<
		ReduxStoreConfig<
			unknown,
			{
				createSuccessNotice: (
					content: string,
					options?: { type?: 'default' | 'snackbar'; id?: string }
				) => unknown;
				removeNotice: ( id: string, context?: string ) => unknown;
			},
			{ getNotices: ( state: unknown, context?: string ) => Notice[] }
		>
	>;
}
