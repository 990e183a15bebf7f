import path from 'path';

export interface E2ESite {
	/** Playwright project name. */
	name: string;
	baseURL: string;
}

/** The bin/local-wp sites the browser tests run on (the ports bin/local-wp uses). */
export const E2E_SITES: E2ESite[] = [
	{ name: 'wp-6.5', baseURL: 'http://127.0.0.1:8889' },
	{ name: 'wp-6.7-alpha', baseURL: 'http://127.0.0.1:8890' },
];

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
