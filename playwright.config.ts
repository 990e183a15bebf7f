/**
 * Browser tests in Debian's Chromium (never `playwright install`) against the bin/local-wp sites: every spec
 * runs once per WordPress version we support.
 */
import { defineConfig } from '@playwright/test';
import { E2E_SITES, storageStatePath } from './tests/e2e/sites';

export default defineConfig( {
	testDir: './tests/e2e',
	testMatch: '**/*.spec.ts',
	globalSetup: require.resolve( './tests/e2e/global-setup.ts' ),
	globalTeardown: require.resolve( './tests/e2e/global-teardown.ts' ),
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: process.env.CI
		? [
				[ 'list' ],
				[ 'json', { outputFile: 'artifacts/e2e-results.json' } ],
			]
		: 'list',
	outputDir: 'artifacts/test-results',
	use: {
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--disable-dev-shm-usage',
			],
		},
	},
	projects: E2E_SITES.map( ( site ) => ( {
		name: site.name,
		use: { baseURL: site.baseURL, storageState: storageStatePath( site ) },
	} ) ),
} );
