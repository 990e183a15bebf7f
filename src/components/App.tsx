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
const loadSessionsChunk = () =>
	import( /* webpackChunkName: "sessions" */ './sessions/SessionsTab' );
type SessionsTabModule = Awaited< ReturnType< typeof loadSessionsChunk > >;

/** The Sessions tab's component once its chunk has run: from then on it renders without suspending. */
let loadedSessionsTab: SessionsTabModule[ 'default' ] | null = null;
const remember = ( module: SessionsTabModule ) => {
	loadedSessionsTab = module.default;
	return module;
};
const LazySessionsTab = lazy( () => loadSessionsChunk().then( remember ) );

function SessionsTab(
	props: Parameters< SessionsTabModule[ 'default' ] >[ 0 ]
) {
	const Loaded = loadedSessionsTab;
	return Loaded ? (
		<Loaded { ...props } />
	) : (
		<Suspense fallback={ <Spinner /> }>
			<LazySessionsTab { ...props } />
		</Suspense>
	);
}

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

/**
 * Before the first render: when the page opens on the Sessions tab, its chunk is already on the page
 * (includes/Admin/Page.php loads it with the app), so taking it now costs a microtask. Rendered through
 * React.lazy instead, the tab would first commit a spinner, then render the table in a Suspense retry, which React
 * time-slices into 5 ms tasks with the browser's other work between them (the benchmark's interactive table came
 * ~110 ms sooner without it).
 * Never fails: a chunk that cannot load is left to the lazy path (and its error) at render.
 */
export function loadOpenTab(): Promise< void > {
	if (
		TAB_PARAM.read( new URLSearchParams( window.location.search ) ) !==
		'sessions'
	) {
		return Promise.resolve();
	}
	return loadSessionsChunk().then(
		( module ) => {
			remember( module );
		},
		() => undefined
	);
}

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
							return <SessionsTab onOpenTab={ selectTab } />;
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
