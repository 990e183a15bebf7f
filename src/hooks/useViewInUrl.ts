import { useCallback, useEffect, useState } from '@wordpress/element';
import type { View } from '@wordpress/dataviews/wp';
import { viewFromParams, viewToParams } from '../components/sessions/view';

/** URL parameters the Sessions view owns (the others, such as page= and tab=, are left alone). */
const VIEW_PARAMS = [
	'paged',
	'per_page',
	's',
	'status',
	'source',
	'has_items',
	'orderby',
	'order',
	'hide',
];

function viewFromUrl(): View {
	return viewFromParams( new URLSearchParams( window.location.search ) );
}

/**
 * The Sessions table's view, kept in the URL: each change is a history entry, so a link reproduces the view
 * and Back restores the previous one.
 */
export function useViewInUrl(): [ View, ( view: View ) => void ] {
	const [ view, setView ] = useState< View >( viewFromUrl );

	useEffect( () => {
		const onPopState = () => setView( viewFromUrl() );
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [] );

	const changeView = useCallback( ( next: View ) => {
		setView( next );
		const url = new URL( window.location.href );
		VIEW_PARAMS.forEach( ( name ) => url.searchParams.delete( name ) );
		for ( const [ name, value ] of Object.entries(
			viewToParams( next )
		) ) {
			url.searchParams.set( name, value );
		}
		if ( url.toString() !== window.location.href ) {
			window.history.pushState( null, '', url.toString() );
		}
	}, [] );

	return [ view, changeView ];
}
