import { getConfig } from '../../config';

/** URL parameters of the Sessions tab's view (VIEW_PARAMS in src/components/sessions/view.ts). */
export interface SessionsParams {
	status?: 'active' | 'expiring' | 'expired';
	source?: 'cocart' | 'woocommerce' | 'other';
	has_items?: 'yes' | 'no';
	orderby?: 'expires' | 'total' | 'item_count';
	order?: 'asc' | 'desc';
}

/**
 * The admin page's URL with the Sessions tab open and filtered: a real link, so it can be opened in a new tab or
 * shared.
 */
export function sessionsUrl( params: SessionsParams ): string {
	const url = new URL( getConfig().pageUrl, window.location.href );
	url.searchParams.set( 'tab', 'sessions' );
	for ( const [ name, value ] of Object.entries( params ) ) {
		if ( value ) {
			url.searchParams.set( name, value );
		}
	}
	return url.toString();
}
