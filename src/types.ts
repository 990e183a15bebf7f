/** What the PHP side prints into the page as window.cartSessionsConfig (never credentials). */
export interface ClientConfig {
	/** The admin page's URL, for links that open a tab (the Overview's numbers). */
	pageUrl: string;
	/** rest_url(): the REST root, for links the browser opens itself (the CSV export). */
	restRoot: string;
}

export type TabName = 'overview' | 'sessions' | 'cleanup' | 'settings';
