import type { MouseEvent } from 'react';
import { getConfig } from '../../config';

/**
 * URL parameters of the Sessions tab's view, as src/components/sessions/view.ts writes and reads them (VIEW_PARAMS):
 * status (a comma list, or "all"), source, has_items, has_email, expires_within, product, orderby, order…
 */
export type SessionsParams = Record< string, string >;

/**
 * The admin page's URL with the Sessions tab open and filtered: a real link, so it can be opened in a new tab or
 * shared.
 * @param params
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

/**
 * A plain left click, which the screen handles in place; with a modifier key or another button the browser opens
 * the link itself (a new tab or window).
 * @param event
 */
export function isPlainClick( event: MouseEvent ): boolean {
	return (
		event.button === 0 &&
		! event.metaKey &&
		! event.ctrlKey &&
		! event.shiftKey &&
		! event.altKey
	);
}
