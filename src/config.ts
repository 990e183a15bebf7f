import type { ClientConfig } from './types';

declare global {
	interface Window {
		cartSessionsConfig?: Partial< ClientConfig >;
	}
}

/** The page's start-up data, with safe defaults when the script runs without it (tests, a broken page). */
export function getConfig(): ClientConfig {
	const fromPage = window.cartSessionsConfig ?? {};
	return {
		pageUrl: fromPage.pageUrl ?? window.location.href,
		restRoot: fromPage.restRoot ?? '/wp-json/',
		firstPage: fromPage.firstPage ?? null,
	};
}
