import { request } from './client';

export type SettingSource = 'constant' | 'environment' | 'saved' | 'default';
export type SettingName =
	| 'store_url'
	| 'consumer_key'
	| 'consumer_secret'
	| 'backup_keys'
	| 'timeout';

/** GET/POST settings (includes/Rest/SettingsController.php). The secret never comes back: only whether one is saved. */
export interface ConnectionSettings {
	store_url: string;
	store_url_default: string;
	consumer_key_hint: string;
	secret_saved: boolean;
	backup_keys: Array< {
		index: number;
		consumer_key_hint: string;
		secret_saved: boolean;
	} >;
	timeout: number;
	debug_log: boolean;
	state: 'ok' | 'not_configured' | 'reconnect_required' | 'invalid_override';
	/** CoCart runs on this site and is called in-process: no key pair is needed. */
	in_process: boolean;
	errors: Partial< Record< SettingName, string > >;
	sources: Record< SettingName, SettingSource >;
	locked: Partial< Record< SettingName, boolean > >;
	overridden_by: Partial< Record< SettingName, string > >;
	key_in_use: null | {
		index: number;
		label: 'primary' | 'backup';
		consumer_key_hint: string;
		auth: null | 'basic' | 'query' | 'oauth';
		rotated_at: string | null;
		rotated_from_hint: string | null;
	};
	/** The saved primary key: how and when it was obtained, and how the store lists it. */
	key_meta: KeyMeta | null;
	/** Whether "Connect to a store" can work on this site, and why not. */
	connect: { available: boolean; reason: string | null };
	/** The doctor's last run for this store, in brief. */
	last_report: LastReport | null;
	encryption: { key_source: 'constant' | 'salts'; available: boolean };
	/** Days the daily history snapshots and the cleanup run history are kept (1–3650). */
	history_retention_days: number;
	/** Days the audit log of deleted carts is kept (1–3650). */
	audit_retention_days: number;
	/** The restore link's template with {cart_key}; '' = the default (restore_link_default). */
	restore_link: string;
	restore_link_default: string;
}

export type KeyPermission = 'read' | 'write' | 'read_write';

export interface KeyMeta {
	/** connect: obtained through the store's app authentication; manual: typed or pasted. */
	via: 'connect' | 'manual';
	obtained_at: string;
	/** The store's description of the key ('' when entered by hand). */
	description: string;
	permission: KeyPermission | '';
	key_id: number;
	/** The key's last 7 characters, as WooCommerce lists it ("…1a2b3c4"). */
	truncated_key: string;
}

export interface LastReport {
	store_url: string;
	checked_at: string;
	ok: boolean;
	cocart_version: string | null;
	permission: KeyPermission | null;
}

/** What a save sends: absent = unchanged; an empty secret keeps the saved one. */
export interface SettingsChange {
	store_url?: string;
	consumer_key?: string;
	consumer_secret?: string;
	backup_keys?: Array< { consumer_key: string; consumer_secret: string } >;
	timeout?: number;
	debug_log?: boolean;
	clear_credentials?: boolean;
	history_retention_days?: number;
	audit_retention_days?: number;
	/** '' = back to the default. */
	restore_link?: string;
}

export interface DoctorCheck {
	id: string;
	label: string;
	status: 'pass' | 'fail' | 'warn' | 'skip';
	message: string;
	fix?: string | null;
}

export function getSettings( signal?: AbortSignal ) {
	return request< ConnectionSettings >( { path: '/settings', signal } );
}

export function saveSettings( change: SettingsChange ) {
	return request< ConnectionSettings >( {
		path: '/settings',
		method: 'POST',
		data: change,
	} );
}

/** Where to revoke a key on the store (includes/CoCart/Connect.php). */
export interface RevokeAdvice {
	store_url: string;
	keys_url: string;
	hint: string;
	truncated_key: string;
	description: string;
}

export interface DoctorReport {
	ok: boolean;
	checked_at: string;
	checks: DoctorCheck[];
}

/** POST connection/connect: the store's authorize address, where the browser goes next. */
export function startConnect( storeUrl: string, scope: 'read' | 'read_write' ) {
	return request< { authorize_url: string; expires_at: string } >( {
		path: '/connection/connect',
		method: 'POST',
		data: { store_url: storeUrl, scope },
	} );
}

export interface ConnectResult {
	status: 'connected' | 'denied' | 'failed';
	message: string;
	report: DoctorReport | null;
	revoke: RevokeAdvice | null;
	settings: ConnectionSettings;
}

/** POST connection/finish: back from the store with success=1|0&user_id=<token>. */
export function finishConnect( token: string, success: boolean ) {
	return request< ConnectResult >( {
		path: '/connection/finish',
		method: 'POST',
		data: { token, success },
	} );
}

/** The connection doctor's report. */
export async function testConnection(): Promise< DoctorCheck[] > {
	const report = await request< DoctorCheck[] | { checks: DoctorCheck[] } >( {
		path: '/connection/test',
		method: 'POST',
	} );
	return Array.isArray( report ) ? report : report.checks;
}

export interface DebugLogEntry {
	time: string;
	method: string;
	path: string;
	status: number | null;
	duration_ms: number;
	error: string | null;
	auth: string | null;
	key: string | null;
	attempt: number;
}

export interface DebugLog {
	enabled: boolean;
	max_entries: number;
	entries: DebugLogEntry[];
}

export function getDebugLog() {
	return request< DebugLog >( { path: '/log' } );
}

export function clearDebugLog() {
	return request< DebugLog >( { path: '/log', method: 'DELETE' } );
}
