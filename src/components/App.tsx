import { TabPanel } from '@wordpress/components';
import { lazy, Suspense } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { useUrlParams, type UrlParams } from '../hooks/useUrlParams';
import type { TabName } from '../types';
import { Spinner } from './Loading';
import { Snackbars } from './Snackbars';
import { OverviewTab } from './overview/OverviewTab';
import { SettingsTab } from './settings/SettingsTab';
import './app.scss';

// DataViews weighs ~386 KB gzipped: load it, in a chunk of its own, only when the Sessions tab opens.
const SessionsTab = lazy(
	() => import( /* webpackChunkName: "sessions" */ './sessions/SessionsTab' )
);

// The Cleanup tab loads in a chunk of its own too: the Overview and Settings tabs stay small.
const CleanupTab = lazy(
	() => import( /* webpackChunkName: "cleanup" */ './cleanup/CleanupTab' )
);

const TAB_TITLES: Record< TabName, () => string > = {
	overview: () => __( 'Overview', 'cart-sessions-for-cocart' ),
	sessions: () => __( 'Sessions', 'cart-sessions-for-cocart' ),
	cleanup: () => __( 'Cleanup', 'cart-sessions-for-cocart' ),
	settings: () => __( 'Settings', 'cart-sessions-for-cocart' ),
};

const TABS: readonly TabName[] = [
	'overview',
	'sessions',
	'cleanup',
	'settings',
];

/** The open tab, in the URL's `tab` parameter; an unknown one opens the Overview. */
const TAB_PARAM: UrlParams< TabName > = {
	names: [ 'tab' ],
	read: ( params ) =>
		TABS.find( ( name ) => name === params.get( 'tab' ) ) ?? 'overview',
	write: ( tab ) => ( { tab } ),
};

export function App() {
	const [ tab, selectTab ] = useUrlParams( TAB_PARAM );

	return (
		<div className="cart-sessions-app" data-testid="cart-sessions-app">
			<TabPanel
				// Re-mount on Back/Forward so the panel follows the URL.
				key={ tab }
				initialTabName={ tab }
				onSelect={ ( name ) => selectTab( name as TabName ) }
				tabs={ TABS.map( ( name ) => ( {
					name,
					title: TAB_TITLES[ name ](),
				} ) ) }
			>
				{ ( current ) => {
					switch ( current.name as TabName ) {
						case 'sessions':
							return (
								<Suspense fallback={ <Spinner /> }>
									<SessionsTab onOpenTab={ selectTab } />
								</Suspense>
							);
						case 'cleanup':
							return (
								<Suspense fallback={ <Spinner /> }>
									<CleanupTab />
								</Suspense>
							);
						case 'settings':
							return <SettingsTab />;
						default:
							return <OverviewTab onOpenTab={ selectTab } />;
					}
				} }
			</TabPanel>
			<Snackbars />
		</div>
	);
}
