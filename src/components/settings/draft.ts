import type { ApiError } from '../../api/client';
import type {
	ConnectionSettings,
	SettingName,
	SettingsChange,
} from '../../api/settings';

export interface BackupDraft {
	consumer_key: string;
	consumer_secret: string;
}

/** What the Settings form holds while the store manager types (the secrets are never filled in from the site). */
export interface SettingsDraft {
	storeUrl: string;
	consumerKey: string;
	consumerSecret: string;
	timeout: number;
	debugLog: boolean;
	/** Null: keep the saved backup keys; a list replaces them on save. */
	backups: BackupDraft[] | null;
	historyDays: string;
	auditDays: string;
	restoreLink: string;
}

/** What one section of the form gets: the saved settings, its part of the draft, and the save's field errors. */
export interface SectionProps {
	settings: ConnectionSettings;
	draft: SettingsDraft;
	onChange: ( change: Partial< SettingsDraft > ) => void;
	errors: Record< string, string >;
}

export const EMPTY_BACKUP: BackupDraft = {
	consumer_key: '',
	consumer_secret: '',
};

export function isLocked(
	settings: ConnectionSettings,
	field: SettingName
): boolean {
	return !! settings.locked[ field ];
}

/** The form as the saved settings fill it: empty key fields (what is saved shows as a hint). */
export function draftOf( settings: ConnectionSettings ): SettingsDraft {
	return {
		storeUrl:
			settings.sources.store_url === 'default' ? '' : settings.store_url,
		consumerKey: '',
		consumerSecret: '',
		timeout: settings.timeout,
		debugLog: settings.debug_log,
		backups: null,
		historyDays: String( settings.history_retention_days ),
		auditDays: String( settings.audit_retention_days ),
		restoreLink: settings.restore_link,
	};
}

/** What a save sends: locked fields and empty key fields are left out (an empty field keeps what is saved). */
export function changeOf(
	settings: ConnectionSettings,
	draft: SettingsDraft
): SettingsChange {
	const change: SettingsChange = {
		timeout: draft.timeout,
		debug_log: draft.debugLog,
		// Sent as typed: the route refuses anything but a whole number of days and names the field.
		history_retention_days: Number( draft.historyDays ),
		audit_retention_days: Number( draft.auditDays ),
		restore_link: draft.restoreLink.trim(),
	};
	if ( ! isLocked( settings, 'store_url' ) ) {
		change.store_url = draft.storeUrl.trim();
	}
	if (
		! isLocked( settings, 'consumer_key' ) &&
		draft.consumerKey.trim() !== ''
	) {
		change.consumer_key = draft.consumerKey.trim();
	}
	if (
		! isLocked( settings, 'consumer_secret' ) &&
		draft.consumerSecret !== ''
	) {
		change.consumer_secret = draft.consumerSecret;
	}
	if ( draft.backups !== null ) {
		change.backup_keys = draft.backups
			.filter(
				( pair ) =>
					pair.consumer_key.trim() !== '' ||
					pair.consumer_secret !== ''
			)
			.map( ( pair ) => ( {
				consumer_key: pair.consumer_key.trim(),
				consumer_secret: pair.consumer_secret,
			} ) );
	}
	return change;
}

/** Per-field messages from a refused save (400): data.params names each bad field. */
export function fieldErrors(
	error: ApiError | null
): Record< string, string > {
	const params = error?.data.params;
	return params && typeof params === 'object'
		? ( params as Record< string, string > )
		: {};
}
