/**
 * For jest only: WordPress's notices store (core/notices) as the wp-notices script registers it, limited to what
 * the app uses: createNotice / createSuccessNotice with their options, removeNotice, getNotices. Notices are kept
 * per context ('global' by default), newest last, and one with the id of an existing notice replaces it.
 */
import { createReduxStore, register } from '@wordpress/data';

interface Notice {
	id: string;
	status: string;
	content: string;
	type: string;
	isDismissible: boolean;
}

type NoticeOptions = Partial< Omit< Notice, 'status' | 'content' > > & {
	context?: string;
};

type State = Record< string, Notice[] >;

type Action =
	| { type: 'CREATE_NOTICE'; context: string; notice: Notice }
	| { type: 'REMOVE_NOTICE'; context: string; id: string };

let counter = 0;

function createNotice(
	status: string,
	content: string,
	options: NoticeOptions = {}
): Action {
	const {
		context = 'global',
		id = `notice-${ ++counter }`,
		type = 'default',
		isDismissible = true,
	} = options;
	return {
		type: 'CREATE_NOTICE',
		context,
		notice: { id, status, content, type, isDismissible },
	};
}

export const store = createReduxStore( 'core/notices', {
	reducer( state: State = {}, action: Action ): State {
		const current = state[ action.context ] ?? [];
		switch ( action.type ) {
			case 'CREATE_NOTICE':
				return {
					...state,
					[ action.context ]: [
						...current.filter(
							( notice ) => notice.id !== action.notice.id
						),
						action.notice,
					],
				};
			case 'REMOVE_NOTICE':
				return {
					...state,
					[ action.context ]: current.filter(
						( notice ) => notice.id !== action.id
					),
				};
			default:
				return state;
		}
	},
	actions: {
		createNotice,
		createSuccessNotice: ( content: string, options?: NoticeOptions ) =>
			createNotice( 'success', content, options ),
		removeNotice: ( id: string, context = 'global' ): Action => ( {
			type: 'REMOVE_NOTICE',
			context,
			id,
		} ),
	},
	selectors: {
		getNotices: ( state: State, context = 'global' ) =>
			state[ context ] ?? EMPTY,
	},
} );

const EMPTY: Notice[] = [];

register( store );
