/**
 * Logs in as admin on each site once (cookies saved per site for the specs) and makes sure a subscriber exists
 * for the permission tests.
 *
 * Not RequestUtils.setupRest() from @wordpress/e2e-test-utils-playwright: it finds the REST root through the
 * WP_BASE_URL environment variable read once at import, so with two sites it sends the second site's nonce to
 * the first and logs in again forever.
 */
import { request } from '@playwright/test';
import { E2E_SITES, SUBSCRIBER, storageStatePath } from './sites';

export default async function globalSetup() {
	for ( const site of E2E_SITES ) {
		const context = await request.newContext( { baseURL: site.baseURL } );
		await context.post( '/wp-login.php', {
			form: { log: 'admin', pwd: 'password' },
			failOnStatusCode: true,
		} );
		await context.storageState( { path: storageStatePath( site ) } );

		const nonce = await (
			await context.get( '/wp-admin/admin-ajax.php?action=rest-nonce', {
				failOnStatusCode: true,
			} )
		).text();
		const headers = { 'X-WP-Nonce': nonce };
		const found = await context.get( '/wp-json/wp/v2/users', {
			params: { search: SUBSCRIBER.username, context: 'edit' },
			headers,
			failOnStatusCode: true,
		} );
		const users = ( await found.json() ) as Array< { username: string } >;
		if (
			! users.some( ( user ) => user.username === SUBSCRIBER.username )
		) {
			await context.post( '/wp-json/wp/v2/users', {
				headers,
				data: {
					username: SUBSCRIBER.username,
					email: `${ SUBSCRIBER.username }@example.com`,
					password: SUBSCRIBER.password,
					roles: [ 'subscriber' ],
				},
				failOnStatusCode: true,
			} );
		}
		await context.dispose();
	}
}
