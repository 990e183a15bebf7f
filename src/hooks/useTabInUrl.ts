import { useCallback, useEffect, useState } from '@wordpress/element';
import type { TabName } from '../types';

export const TABS: readonly TabName[] = [
	'overview',
	'sessions',
	'cleanup',
	'settings',
];

function tabFromUrl(): TabName {
	const tab = new URLSearchParams( window.location.search ).get( 'tab' );
	return TABS.find( ( name ) => name === tab ) ?? 'overview';
}

/**
 * The open tab, kept in the URL's `tab` parameter so a link reproduces the screen and Back goes to the
 * previous tab.
 */
export function useTabInUrl(): [ TabName, ( tab: TabName ) => void ] {
	const [ tab, setTab ] = useState< TabName >( tabFromUrl );

	useEffect( () => {
		const onPopState = () => setTab( tabFromUrl() );
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [] );

	const selectTab = useCallback( ( next: TabName ) => {
		setTab( next );
		const url = new URL( window.location.href );
		if ( url.searchParams.get( 'tab' ) !== next ) {
			url.searchParams.set( 'tab', next );
			window.history.pushState( null, '', url.toString() );
		}
	}, [] );

	return [ tab, selectTab ];
}
