/**
 * Sends the browser to another address (the store's approve screen). Its own module so that tests can replace it:
 * jsdom does not navigate.
 * @param url Where to go.
 */
export function goTo( url: string ): void {
	window.location.assign( url );
}
