/**
 * For jest only: the settings GET settings answers (includes/Rest/SettingsController.php) for a site with nothing
 * saved yet, with the fields a test names changed.
 */
import type { ConnectionSettings } from '../api/settings';

export function connectionSettings(
	overrides: Partial< ConnectionSettings > = {}
): ConnectionSettings {
	return {
		store_url: 'http://127.0.0.1:8889',
		store_url_default: 'http://127.0.0.1:8889',
		consumer_key_hint: '',
		secret_saved: false,
		backup_keys: [],
		timeout: 15,
		debug_log: false,
		state: 'not_configured',
		in_process: false,
		errors: {},
		sources: {
			store_url: 'default',
			consumer_key: 'default',
			consumer_secret: 'default',
			backup_keys: 'default',
			timeout: 'default',
		},
		locked: {},
		overridden_by: {},
		key_in_use: null,
		key_meta: null,
		connect: { available: true, reason: null },
		last_report: null,
		encryption: { key_source: 'salts', available: true },
		history_retention_days: 400,
		audit_retention_days: 90,
		restore_link: '',
		restore_link_default:
			'http://127.0.0.1:8889/cart/?cocart-load-cart={cart_key}&notify=true',
		...overrides,
	};
}
