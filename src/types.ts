/** What the PHP side prints into the page as window.cartSessionsConfig (never credentials). */
export interface ClientConfig {
	version: string;
	restNamespace: string;
	pageUrl: string;
	woocommerceActive: boolean;
}

export type TabName = 'overview' | 'sessions' | 'cleanup' | 'settings';
