import path from 'path';

export interface E2ESite {
	/** Playwright project name. */
	name: string;
	/** bin/local-wp site name: its core is .local-wp/sites/<site>, its database wp_<site>. */
	site: string;
	/** The @wp-playground/wordpress-builds build it runs: '6.5', 'nightly'. */
	build: string;
	baseURL: string;
	/**
	 * The same site over HTTPS: bin/local-wp's TLS front (self-signed), LOCAL_WP_TLS_MAIN_PORT for the first site,
	 * the next port for the next.
	 */
	httpsURL: string;
}

/**
 * The bin/local-wp sites the browser tests run on: LOCAL_WP_SITES ("name:build:port …", as bin/local-wp reads
 * it) or bin/local-wp's defaults. Projects are named after the WordPress build.
 */
export const E2E_SITES: E2ESite[] = (
	process.env.LOCAL_WP_SITES || 'main:6.5:8889 nightly:nightly:8890'
)
	.trim()
	.split( /\s+/ )
	.map( ( entry, index ) => {
		const [ site, build, port ] = entry.split( ':' );
		const tlsPort =
			Number( process.env.LOCAL_WP_TLS_MAIN_PORT || 8444 ) + index;
		return {
			name: `wp-${ build === 'nightly' ? '6.7-alpha' : build }`,
			site,
			build,
			baseURL: `http://127.0.0.1:${ port }`,
			httpsURL: `https://127.0.0.1:${ tlsPort }`,
		};
	} );

export const SUBSCRIBER = {
	username: 'e2e_subscriber',
	password: 'e2e-subscriber-password',
};

export function storageStatePath( site: E2ESite ): string {
	return path.join(
		__dirname,
		'../../artifacts/storage-states',
		`${ site.name }.json`
	);
}

/**
 * The site a Playwright project runs on.
 * @param projectName
 */
export function siteOf( projectName: string ): E2ESite {
	const site = E2E_SITES.find(
		( candidate ) => candidate.name === projectName
	);
	if ( ! site ) {
		throw new Error(
			`No bin/local-wp site for the Playwright project ${ projectName }`
		);
	}
	return site;
}
