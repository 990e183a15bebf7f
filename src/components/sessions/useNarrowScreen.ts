import { useEffect, useState } from '@wordpress/element';

/** Below this width WordPress's admin switches to its mobile layout (782 px), and so does the Sessions tab. */
const NARROW = '(max-width: 781px)';

function matches(): boolean {
	return typeof window.matchMedia === 'function'
		? window.matchMedia( NARROW ).matches
		: false;
}

/**
 * Whether the screen is phone-sized, following changes (a rotated phone, a resized window).
 */
export function useNarrowScreen(): boolean {
	const [ narrow, setNarrow ] = useState( matches );
	useEffect( () => {
		if ( typeof window.matchMedia !== 'function' ) {
			return;
		}
		const query = window.matchMedia( NARROW );
		const onChange = () => setNarrow( query.matches );
		query.addEventListener( 'change', onChange );
		return () => query.removeEventListener( 'change', onChange );
	}, [] );
	return narrow;
}
