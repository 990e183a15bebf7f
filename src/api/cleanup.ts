import apiFetch from '@wordpress/api-fetch';
import { queryString, request } from './client';
import type { SessionRow } from './sessions';

/** Which carts a cleanup deletes (the same object for a preview, a run and the schedule). */
export interface CleanupRule {
	/** Expired more than this many days ago; 0 = every expired cart. */
	expired_days: number;
	empty_only: boolean;
	/** '' = any source. */
	source: '' | 'cocart' | 'woocommerce' | 'other';
	/** Only carts below this value (decimal string), or null for any value. */
	max_total: string | null;
	keep_with_email: boolean;
}

export const DEFAULT_RULE: CleanupRule = {
	expired_days: 30,
	empty_only: false,
	source: '',
	max_total: null,
	keep_with_email: false,
};

/**
 * "Every expired cart": what CoCart's bulk tool deletes in one request.
 */
export function isEveryExpired( rule: CleanupRule ): boolean {
	return (
		rule.expired_days === 0 &&
		! rule.empty_only &&
		rule.source === '' &&
		rule.max_total === null &&
		! rule.keep_with_email
	);
}

export interface CleanupPreview {
	count: number;
	/** Null when no matching cart's value is known yet. */
	value_total: string | null;
	currency: string | null;
	/** The run would use CoCart's bulk tool. */
	bulk: boolean;
	items: SessionRow[];
	total: number;
	total_pages: number;
	page: number;
	per_page: number;
	/** Carts whose details were not fetched yet (the next preview continues). */
	details_pending: number;
	/** False when the store's list is too big to fetch: the count comes from its status report. */
	list_available: boolean;
}

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface CleanupRun {
	id: number;
	trigger: 'manual' | 'schedule' | 'cli';
	user: { id: number; name: string } | null;
	rule: CleanupRule;
	status: RunStatus;
	bulk: boolean;
	found: number;
	deleted: number;
	skipped: number;
	failed: number;
	failures: Array< { key: string; reason: string } >;
	skips: Array< { key: string; reason: string } > | null;
	processed: number;
	started_at: string | null;
	finished_at: string | null;
	duration_ms: number;
	export_url: string | null;
	last_error: string | null;
}

export interface Paged< T > {
	items: T[];
	total: number;
	total_pages: number;
	page: number;
	per_page: number;
}

export interface CleanupSchedule {
	enabled: boolean;
	/** 0–23, site timezone. */
	hour: number;
	rule: CleanupRule;
	next_run: string | null;
	cron_warning: string | null;
	timezone: string;
}

export interface AuditEntry {
	id: number;
	created_at: string | null;
	user: { id: number; name: string } | null;
	cart_key: string;
	/** recovery: a restore link was copied or emailed (result link_copied, link_emailed), nothing deleted. */
	context:
		'single' | 'bulk' | 'filter' | 'cleanup' | 'cleanup_bulk' | 'recovery';
	result: 'deleted' | 'not_found' | 'failed' | 'link_copied' | 'link_emailed';
	run_id: number | null;
	message: string | null;
}

export function previewCleanup(
	rule: CleanupRule,
	page: number,
	perPage: number,
	signal?: AbortSignal
) {
	return request< CleanupPreview >( {
		path: `/cleanup/preview${ queryString( {
			expired_days: rule.expired_days,
			empty_only: rule.empty_only ? 1 : undefined,
			source: rule.source,
			max_total: rule.max_total ?? undefined,
			keep_with_email: rule.keep_with_email ? 1 : undefined,
			page,
			per_page: perPage,
		} ) }`,
		signal,
	} );
}

export function startRun( rule: CleanupRule, exportCarts: boolean ) {
	return request< { run: CleanupRun } >( {
		path: '/cleanup/run',
		method: 'POST',
		data: { rule, export: exportCarts },
	} );
}

export function stepRun( id: number ) {
	return request< { run: CleanupRun } >( {
		path: `/cleanup/runs/${ id }/step`,
		method: 'POST',
	} );
}

export function cancelRun( id: number ) {
	return request< { run: CleanupRun } >( {
		path: `/cleanup/runs/${ id }/cancel`,
		method: 'POST',
	} );
}

/** The run history's page, with whether the key in use may delete (a read-only key's runs are refused). */
export interface RunsPage extends Paged< CleanupRun > {
	can_delete: boolean;
	can_delete_reason: string | null;
}

export function listRuns( page: number, perPage = 10, signal?: AbortSignal ) {
	return request< RunsPage >( {
		path: `/cleanup/runs${ queryString( { page, per_page: perPage } ) }`,
		signal,
	} );
}

export function getSchedule( signal?: AbortSignal ) {
	return request< CleanupSchedule >( { path: '/cleanup/schedule', signal } );
}

export function saveSchedule(
	schedule: Pick< CleanupSchedule, 'enabled' | 'hour' | 'rule' >
) {
	return request< CleanupSchedule >( {
		path: '/cleanup/schedule',
		method: 'POST',
		data: schedule,
	} );
}

export function listAudit( page: number, perPage = 20, signal?: AbortSignal ) {
	return request< Paged< AuditEntry > >( {
		path: `/audit${ queryString( { page, per_page: perPage } ) }`,
		signal,
	} );
}

/**
 * The download link of a run's export: the REST route with the wp_rest nonce as _wpnonce (a plain link cannot
 * send the X-WP-Nonce header).
 */
export function exportLink( run: CleanupRun, nonce: string ): string | null {
	if ( ! run.export_url ) {
		return null;
	}
	const url = new URL( run.export_url, window.location.href );
	url.searchParams.set( '_wpnonce', nonce );
	return url.toString();
}

/** The wp_rest nonce WordPress gave apiFetch (for download links, which cannot send headers). */
export function restNonce(): string {
	const middleware = (
		apiFetch as unknown as { nonceMiddleware?: { nonce?: string } }
	 ).nonceMiddleware;
	return middleware?.nonce ?? '';
}
