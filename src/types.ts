/** What the PHP side prints into the page as window.cartSessionsConfig (never credentials). */
export interface ClientConfig {
	/** The admin page's URL, for links that open a tab (the Overview's numbers). */
	pageUrl: string;
	/** rest_url(): the REST root, for links the browser opens itself (the CSV export). */
	restRoot: string;
	/**
	 * The Sessions tab's first request, answered into the page (includes/Admin/Page.php): its apiFetch path and
	 * the route's answer. Null when the page holds none.
	 */
	firstPage: { path: string; body: unknown } | null;
}

export type TabName = 'overview' | 'sessions' | 'cleanup' | 'settings';
