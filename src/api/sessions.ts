import { getConfig } from '../config';
import { NAMESPACE, queryString, request } from './client';

export type SessionStatus = 'active' | 'expiring' | 'expired';

/**
 * One cart session as our REST routes return it: CoCart's session normalised by includes/Sessions/Normaliser.php,
 * plus two flags of ours (is_key_owner, detail_error).
 */
export interface SessionRow {
	key: string;
	customer: { name: string | null; email: string | null };
	/** ISO 8601 UTC, or null when CoCart does not know (migrated rows). */
	created: string | null;
	/** ISO 8601 UTC; null when the store sent no usable expiry (the detail of a cart missing from the list). */
	expires: string | null;
	/** 'cocart' (headless), 'woocommerce' (storefront), '' or anything else. */
	source: string;
	status: SessionStatus;
	/** Null until the cart's detail is known (or when it could not be fetched: see detail_error). */
	item_count: number | null;
	total: string | null;
	currency: string | null;
	/** The cart of the API key's own user: our requests refresh it; it is not a customer's. */
	is_key_owner: boolean;
	detail_error: string | null;
	/**
	 * A link that puts this cart back in a shopper's browser (CoCart's ?cocart-load-cart=), expired carts too; null
	 * when CoCart would refuse it (see restore_note). Only in GET sessions and GET sessions/<key>.
	 */
	restore_link?: string | null;
	/** Why there is no restore_link (a registered customer's cart: they can log in instead). */
	restore_note?: string | null;
}

export interface SessionList {
	items: SessionRow[];
	total: number;
	total_pages: number;
	page: number;
	per_page: number;
	/** Served from cache because the store failed just now. */
	stale: boolean;
	fetched_at: string;
	can_delete: boolean;
	can_delete_reason: string | null;
	currency: string | null;
	/**
	 * Rows still without their item count and total: the rows shown, when asked for with details: 'cached', or
	 * matching rows an items filter or sort could not read within one request's time budget. Ask again until 0.
	 */
	details_pending: number;
	/** Only with value: true — the known totals of every matching cart but the key owner's, and how many carts. */
	matching_value: { total: string; carts: number } | null;
}

/** Which carts: the filter arguments GET sessions, GET export and "delete all matching" take alike. */
export interface SessionFilter {
	search?: string;
	/** Any of these (active + expiring: the live carts). */
	status?: SessionStatus[];
	source?: 'cocart' | 'woocommerce' | 'other';
	has_items?: 'yes' | 'no';
	/** yes: the customer left an email (they can be followed up); no: a guest without one. */
	has_email?: 'yes' | 'no';
	/** Expires within this many days from now (expired carts too, unless status leaves them out). */
	expires_within?: '1' | '7' | '30' | '90';
	/** Holds this product (its ID). */
	product?: number;
}

/**
 * A filter as query-string arguments (the status list comma-separated, as the route reads it).
 * @param filter
 */
export function filterArgs(
	filter: SessionFilter
): Record< string, string | number | undefined > {
	const { status, ...rest } = filter;
	return { ...rest, status: status?.join( ',' ) };
}

export type SessionOrderBy =
	| 'key'
	| 'customer'
	| 'created'
	| 'expires'
	| 'item_count'
	| 'total'
	| 'status'
	| 'source';

export interface SessionsQuery extends SessionFilter {
	page: number;
	per_page: number;
	orderby: SessionOrderBy;
	order: 'asc' | 'desc';
	refresh?: boolean;
	/** A live refresh: the list afresh from the store, but a store remembered as too big for it is not asked. */
	live?: boolean;
	/** 'cached': answer at once with what is known; 'wait' (the route's default): fetch missing details first. */
	details?: 'cached' | 'wait';
	/** Also sum the known totals of every matching cart (matching_value). */
	value?: boolean;
}

export interface SessionItem {
	key: string;
	product_id: number;
	name: string;
	sku: string;
	quantity: number;
	price: string;
	line_total: string;
	/** Before coupons; null when the store did not say. */
	line_subtotal: string | null;
	image: string | null;
}

export interface SessionCheck {
	id: string;
	status: 'pass' | 'warn' | 'fail';
	message: string;
}

export interface SessionDetail extends SessionRow {
	items: SessionItem[];
	/** discount null: several coupons and the store's per-coupon split cannot be trusted. */
	coupons: Array< { code: string; discount: string | null } >;
	fees: Array< { name: string; total: string } >;
	totals: {
		subtotal: string;
		discount_total: string;
		shipping_total: string;
		fee_total: string;
		total_tax: string;
		total: string;
	};
	checks: SessionCheck[];
	cocart_version: string | null;
}

export type DeleteResult = 'deleted' | 'not_found' | 'failed';

export interface DeleteOutcome {
	key: string;
	result: DeleteResult;
	message: string | null;
}

export interface BulkDeleteOutcome {
	results: DeleteOutcome[];
	deleted: number;
	not_found: number;
	failed: number;
}

function listPath( query: SessionsQuery ): string {
	return `/sessions${ queryString( {
		...query,
		status: query.status?.join( ',' ),
		refresh: query.refresh ? 1 : undefined,
		live: query.live ? 1 : undefined,
		value: query.value ? 1 : undefined,
	} ) }`;
}

export function listSessions( query: SessionsQuery, signal?: AbortSignal ) {
	return request< SessionList >( { path: listPath( query ), signal } );
}

/** A path's parameters in one order, so two spellings of the same request compare equal. */
function samePath( a: string, b: string ): boolean {
	const stable = ( path: string ) => {
		const [ base, search = '' ] = path.split( '?' );
		const params = new URLSearchParams( search );
		params.sort();
		return `${ base }?${ params.toString() }`;
	};
	return stable( a ) === stable( b );
}

/**
 * The answer to `listSessions( query )` when the page already holds it (the first page of the default view,
 * printed into the admin page from the site's cache), so the table renders with its rows on its first render
 * instead of rendering empty and again a moment later. Taken once: a later request asks the route.
 * @param query
 */
export function takePreloadedList( query: SessionsQuery ): SessionList | null {
	const config = window.cartSessionsConfig;
	const preloaded = getConfig().firstPage;
	if ( ! config || ! preloaded ) {
		return null;
	}
	config.firstPage = null;
	return samePath( preloaded.path, `${ NAMESPACE }${ listPath( query ) }` )
		? ( preloaded.body as SessionList )
		: null;
}

/** What the manager did with a cart's restore link, for the audit log (POST recovery). */
export function recordRecovery( key: string, action: 'copied' | 'emailed' ) {
	return request< { key: string; action: string; recorded_at: string } >( {
		path: '/recovery',
		method: 'POST',
		data: { key, action },
	} );
}

export function getSession( key: string, signal?: AbortSignal ) {
	return request< SessionDetail >( {
		path: `/sessions/${ encodeURIComponent( key ) }`,
		signal,
	} );
}

/**
 * True when a filter narrows nothing: "all matching" would then be every cart.
 * @param filter
 */
export function isEmptyFilter( filter: SessionFilter ): boolean {
	return (
		! filter.search?.trim() &&
		! filter.status?.length &&
		! filter.source &&
		! filter.has_items &&
		! filter.has_email &&
		! filter.expires_within &&
		! filter.product
	);
}

/**
 * Deletes chosen carts, or every cart matching a filter. With a filter the server needs the count the user
 * confirmed (it deletes nothing when more match now) and, for an empty filter, `all: true`.
 * @param target
 */
export function deleteSessions(
	target:
		| { keys: string[] }
		| { filter: SessionFilter; expected_count: number; all?: boolean }
) {
	return request< BulkDeleteOutcome >( {
		path: '/sessions/delete',
		method: 'POST',
		data: target,
	} );
}

export interface ClearExpiredOutcome {
	/** Carts the store no longer holds (null when its counts could not be read). */
	cleared: number | null;
	before: number | null;
	after: number | null;
	message: string;
}

/** Runs CoCart's own "Clear expired carts" tool on the store (its one-query bulk delete). */
export function clearExpiredCarts() {
	return request< ClearExpiredOutcome >( {
		path: '/sessions/clear-expired',
		method: 'POST',
	} );
}
