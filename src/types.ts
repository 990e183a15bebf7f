/** What the PHP side prints into the page as window.cartSessionsConfig (never credentials). */
export interface ClientConfig {
	version: string;
	restNamespace: string;
	pageUrl: string;
	/** rest_url(): the REST root, for links the browser opens itself (the CSV export). */
	restRoot: string;
	woocommerceActive: boolean;
}

export type TabName = 'overview' | 'sessions' | 'cleanup' | 'settings';
