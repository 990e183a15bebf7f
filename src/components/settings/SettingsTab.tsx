import { Button, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	getSettings,
	saveSettings,
	type ConnectionSettings,
	type DoctorReport,
	type SettingsChange,
} from '../../api/settings';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { Spinner } from '../Loading';
import { BackupKeys } from './BackupKeys';
import { ConnectionDoctor } from './ConnectionDoctor';
import { ConnectionFields } from './ConnectionFields';
import { ConnectStore } from './ConnectStore';
import { DebugLogView } from './DebugLogView';
import {
	changeOf,
	draftOf,
	fieldErrors,
	isLocked,
	type SettingsDraft,
} from './draft';
import { RestoreLinkField } from './RestoreLinkField';
import { RetentionFields } from './RetentionFields';
import { StatusCard } from './StatusCard';
import './settings.scss';

/**
 * The Settings tab: the connection's state, one form of three sections (connection, backup keys, how long records
 * are kept) saved together, the connection doctor and the debug log.
 */
export function SettingsTab() {
	const [ settings, setSettings ] = useState< ConnectionSettings | null >(
		null
	);
	const [ draft, setDraft ] = useState< SettingsDraft | null >( null );
	const [ saved, setSaved ] = useState( false );
	const [ connectReport, setConnectReport ] = useState< DoctorReport | null >(
		null
	);

	const adopt = ( next: ConnectionSettings ) => {
		setSettings( next );
		setDraft( draftOf( next ) );
	};
	// A refused save changes nothing on screen: what the user typed stays, so they can correct it.
	const save = useAction( async ( change: SettingsChange ) => {
		setSaved( false );
		adopt( await saveSettings( change ) );
		setSaved( true );
	} );
	const { busy, error: saveError } = save;
	const { error: loadError } = useRoute(
		'settings',
		( { signal } ) => getSettings( signal ),
		{ onAnswer: adopt }
	);

	if ( loadError && ! settings ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ loadError.message }
			</Notice>
		);
	}
	if ( ! settings || ! draft ) {
		return <Spinner />;
	}

	const errors = fieldErrors( saveError );
	const sectionProps = {
		settings,
		draft,
		errors,
		onChange: ( change: Partial< SettingsDraft > ) =>
			setDraft( { ...draft, ...change } ),
	};

	const keyInUse = settings.key_in_use;

	return (
		<div className="cart-sessions-settings">
			<StatusCard settings={ settings } />
			{ settings.in_process && (
				<Notice status="success" isDismissible={ false }>
					{ __(
						'CoCart is installed on this site, so the plugin calls it directly: no API key is needed. Enter a store URL and a key pair only to manage another store.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			{ ! settings.in_process && settings.state === 'not_configured' && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'Connect to your CoCart store: click “Connect to a store” and approve on the store, and the key comes here by itself. Or create a key under WooCommerce → Settings → Advanced → REST API on the store (Read/Write to be able to delete carts) and paste it below.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			{ settings.state === 'reconnect_required' && (
				<Notice status="error" isDismissible={ false }>
					{ __(
						'Reconnect required: the saved key can no longer be read (the site’s security keys or CART_SESSIONS_ENCRYPTION_KEY changed). Paste the key pair again.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			{ Object.entries( settings.errors ).map( ( [ field, message ] ) => (
				<Notice key={ field } status="error" isDismissible={ false }>
					{ message }
				</Notice>
			) ) }
			{ keyInUse?.label === 'backup' && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: 1: key hint such as ck_…a1b2, 2: key hint, 3: date */
						__(
							'The store refused the primary key %2$s, so the backup key %1$s is in use since %3$s. Replace the primary key.',
							'cart-sessions-for-cocart'
						),
						keyInUse.consumer_key_hint,
						keyInUse.rotated_from_hint ?? '',
						formatDateTime( keyInUse.rotated_at )
					) }
				</Notice>
			) }
			{ saved && (
				<Notice status="success" onRemove={ () => setSaved( false ) }>
					{ __( 'Settings saved.', 'cart-sessions-for-cocart' ) }
				</Notice>
			) }
			{ saveError && (
				<Notice status="error" isDismissible={ false }>
					{ __( 'Nothing was saved.', 'cart-sessions-for-cocart' ) }{ ' ' }
					{ saveError.message }
				</Notice>
			) }

			<ConnectStore
				settings={ settings }
				onSettings={ adopt }
				onReport={ setConnectReport }
			/>

			<form
				className="cart-sessions-settings__form"
				onSubmit={ ( event ) => {
					event.preventDefault();
					save.run( changeOf( settings, draft ) );
				} }
			>
				<ConnectionFields { ...sectionProps } />
				<BackupKeys { ...sectionProps } />
				<RetentionFields { ...sectionProps } />
				<RestoreLinkField { ...sectionProps } />

				<div className="cart-sessions-settings__buttons">
					<Button
						variant="primary"
						type="submit"
						disabled={ busy }
						aria-disabled={ busy }
					>
						{ __( 'Save settings', 'cart-sessions-for-cocart' ) }
					</Button>
					{ settings.consumer_key_hint &&
						! isLocked( settings, 'consumer_key' ) && (
							<Button
								variant="tertiary"
								isDestructive
								disabled={ busy }
								onClick={ () =>
									save.run( { clear_credentials: true } )
								}
							>
								{ __(
									'Forget the saved keys',
									'cart-sessions-for-cocart'
								) }
							</Button>
						) }
				</div>
			</form>

			<ConnectionDoctor
				disabled={
					! settings.in_process && settings.state === 'not_configured'
				}
				report={ connectReport }
			/>
			<DebugLogView />
		</div>
	);
}
