import apiFetch from '@wordpress/api-fetch';
import { getConfig } from '../config';
import { NAMESPACE, queryString, request } from './client';
import {
	filterArgs,
	type SessionFilter,
	type SessionOrderBy,
} from './sessions';

export type SourceGroup = 'cocart' | 'woocommerce' | 'other';

export interface TopProduct {
	product_id: number;
	name: string;
	quantity: number;
	/** Decimal string in the store's currency. */
	value: string;
}

/** GET stats (includes/Insights/Stats.php). Null numbers are not known (the store's list is too big). */
export interface Stats {
	carts: number | null;
	active: number | null;
	expiring: number | null;
	expired: number | null;
	with_items: number | null;
	empty: number | null;
	value_total: string | null;
	/** Average item count over the carts with items. */
	avg_items: number | null;
	by_source: Record< SourceGroup, number | null >;
	value_expiring_6h: string | null;
	value_expiring_24h: string | null;
	/** How many carts with items are behind value_expiring_24h. */
	carts_expiring_24h: number | null;
	/** Live carts with items and a customer email (the Sessions tab's "Worth chasing" view). */
	worth_chasing: { carts: number; value: string } | null;
	/** The API key owner's own carts, left out of every number (0 or 1); the Sessions tab lists and marks it. */
	key_owner_carts: number;
	top_products: TopProduct[];
	currency: string | null;
	fetched_at: string;
	stale: boolean;
	/** A first scan of the carts' details is under way until done; the detail numbers count the carts scanned so far. */
	scan: { done: boolean; scanned: number; total: number; failed: number };
	available: boolean;
	unavailable: {
		reason: string;
		message: string;
		fix: string;
		counts: Record< string, number > | null;
	} | null;
	/** The numbers that need the store's list of carts (null above while it is unavailable). */
	needs_list: string[];
}

/** One day of GET stats/history. */
export interface HistoryDay {
	day: string;
	carts: number;
	active: number | null;
	expiring: number | null;
	expired: number | null;
	with_items: number | null;
	empty: number | null;
	value_total: string | null;
	avg_items: number | null;
	currency: string | null;
	complete: boolean;
	taken_at: string;
}

/**
 * GET stats. refresh: the list afresh from the store; live (the Overview's own minute-by-minute refresh): afresh
 * too, but a store remembered as too big for its list is not asked again.
 * @param fetch
 * @param fetch.refresh
 * @param fetch.live
 * @param signal
 */
export function getStats(
	fetch: { refresh?: boolean; live?: boolean } = {},
	signal?: AbortSignal
) {
	return request< Stats >( {
		path: `/stats${ queryString( {
			refresh: fetch.refresh ? 1 : undefined,
			live: fetch.live ? 1 : undefined,
		} ) }`,
		signal,
	} );
}

export function getHistory( days = 30, signal?: AbortSignal ) {
	return request< { days: HistoryDay[] } >( {
		path: `/stats/history${ queryString( { days } ) }`,
		signal,
	} );
}

/**
 * The URL of GET export for a filter and sort: a plain link the browser downloads (streamed, never held in this
 * page's memory), authenticated by the wp_rest nonce as _wpnonce — the one apiFetch's nonce middleware holds, which
 * WordPress keeps fresh.
 */
export function exportUrl(
	filter: SessionFilter,
	orderby: SessionOrderBy,
	order: 'asc' | 'desc'
): string {
	const nonce =
		( apiFetch as unknown as { nonceMiddleware?: { nonce?: string } } )
			.nonceMiddleware?.nonce ?? '';
	const root = getConfig().restRoot.replace( /\/$/, '' );
	return `${ root }${ NAMESPACE }/export${ queryString( {
		...filterArgs( filter ),
		orderby,
		order,
		_wpnonce: nonce,
	} ) }`;
}
