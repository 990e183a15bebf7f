import { useCallback, useEffect, useState } from '@wordpress/element';

/** How a piece of screen state is written into URL parameters and read back. */
export interface UrlParams< T > {
	/** The parameters this state owns; the others (such as page= and tab=) are left alone. */
	names: readonly string[];
	/** The state the parameters describe; anything unknown falls back to a default. */
	read: ( params: URLSearchParams ) => T;
	/** The parameters for a state; one left out is removed from the URL. */
	write: ( value: T ) => Record< string, string >;
}

function fromUrl< T >( codec: UrlParams< T > ): T {
	return codec.read( new URLSearchParams( window.location.search ) );
}

/**
 * Screen state kept in the URL: each change is a history entry, so a link reproduces the screen and Back restores
 * the previous state. `codec` must be the same object on every render (a module constant).
 * @param codec Which parameters, and how they read and write.
 */
export function useUrlParams< T >(
	codec: UrlParams< T >
): [ T, ( next: T ) => void ] {
	const [ value, setValue ] = useState< T >( () => fromUrl( codec ) );

	useEffect( () => {
		const onPopState = () => setValue( fromUrl( codec ) );
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [ codec ] );

	const change = useCallback(
		( next: T ) => {
			setValue( next );
			const url = new URL( window.location.href );
			const written = codec.write( next );
			for ( const name of codec.names ) {
				if ( name in written ) {
					url.searchParams.set( name, written[ name ] );
				} else {
					url.searchParams.delete( name );
				}
			}
			if ( url.toString() !== window.location.href ) {
				window.history.pushState( null, '', url.toString() );
			}
		},
		[ codec ]
	);

	return [ value, change ];
}
