import {
	Button,
	Notice,
	TextControl,
	ToggleControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ApiError } from '../../api/client';
import {
	getSettings,
	saveSettings,
	type ConnectionSettings,
	type SettingName,
	type SettingsChange,
} from '../../api/settings';
import { formatDateTime } from '../../format';
import { Spinner } from '../Loading';
import { ConnectionDoctor } from './ConnectionDoctor';
import { DebugLogView } from './DebugLogView';
import './settings.scss';

interface BackupDraft {
	consumer_key: string;
	consumer_secret: string;
}

function sourceNote(
	settings: ConnectionSettings,
	field: SettingName
): string | null {
	const constant = settings.overridden_by[ field ];
	if ( settings.locked[ field ] && constant ) {
		const where =
			settings.sources[ field ] === 'environment'
				? __( 'an environment variable', 'cart-sessions-for-cocart' )
				: __(
						'a constant in wp-config.php',
						'cart-sessions-for-cocart'
					);
		return sprintf(
			/* translators: 1: constant name such as COCART_API_URL, 2: where it is set */
			__(
				'Set by %1$s (%2$s): change it there.',
				'cart-sessions-for-cocart'
			),
			constant,
			where
		);
	}
	return null;
}

/**
 * Per-field messages from a 400: data.params names each bad field.
 * @param error
 */
function fieldErrors( error: ApiError | null ): Record< string, string > {
	const params = error?.data.params;
	return params && typeof params === 'object'
		? ( params as Record< string, string > )
		: {};
}

/**
 * The connection: store URL, key pair (the secret is write-only: after saving only "secret saved" shows), backup
 * pairs for rotation, timeout, debug log; and the connection doctor.
 */
export function SettingsTab() {
	const [ settings, setSettings ] = useState< ConnectionSettings | null >(
		null
	);
	const [ loadError, setLoadError ] = useState< ApiError | null >( null );
	const [ saveError, setSaveError ] = useState< ApiError | null >( null );
	const [ saved, setSaved ] = useState( false );
	const [ busy, setBusy ] = useState( false );

	const [ storeUrl, setStoreUrl ] = useState( '' );
	const [ consumerKey, setConsumerKey ] = useState( '' );
	const [ consumerSecret, setConsumerSecret ] = useState( '' );
	const [ timeout, setTimeoutSeconds ] = useState( 15 );
	const [ debugLog, setDebugLog ] = useState( false );
	const [ backups, setBackups ] = useState< BackupDraft[] | null >( null );
	const [ historyDays, setHistoryDays ] = useState( '' );
	const [ auditDays, setAuditDays ] = useState( '' );

	const adopt = ( next: ConnectionSettings ) => {
		setSettings( next );
		setStoreUrl(
			next.sources.store_url === 'default' ? '' : next.store_url
		);
		setConsumerKey( '' );
		setConsumerSecret( '' );
		setTimeoutSeconds( next.timeout );
		setDebugLog( next.debug_log );
		setBackups( null );
		setHistoryDays( String( next.history_retention_days ) );
		setAuditDays( String( next.audit_retention_days ) );
	};

	useEffect( () => {
		getSettings().then( adopt, ( caught ) =>
			setLoadError( caught as ApiError )
		);
	}, [] );

	if ( loadError ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ loadError.message }
			</Notice>
		);
	}
	if ( ! settings ) {
		return <Spinner />;
	}

	const errors = fieldErrors( saveError );
	const locked = ( field: SettingName ) => !! settings.locked[ field ];

	const save = async () => {
		const change: SettingsChange = {
			timeout,
			debug_log: debugLog,
			// Sent as typed: the route refuses anything but a whole number of days and names the field.
			history_retention_days: Number( historyDays ),
			audit_retention_days: Number( auditDays ),
		};
		if ( ! locked( 'store_url' ) ) {
			change.store_url = storeUrl.trim();
		}
		if ( ! locked( 'consumer_key' ) && consumerKey.trim() !== '' ) {
			change.consumer_key = consumerKey.trim();
		}
		if ( ! locked( 'consumer_secret' ) && consumerSecret !== '' ) {
			change.consumer_secret = consumerSecret;
		}
		if ( backups !== null ) {
			change.backup_keys = backups
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
		setBusy( true );
		setSaved( false );
		setSaveError( null );
		try {
			adopt( await saveSettings( change ) );
			setSaved( true );
		} catch ( caught ) {
			// Nothing was saved: keep what the user typed so they can correct it.
			setSaveError( caught as ApiError );
		} finally {
			setBusy( false );
		}
	};

	const disconnect = async () => {
		setBusy( true );
		setSaveError( null );
		try {
			adopt( await saveSettings( { clear_credentials: true } ) );
			setSaved( true );
		} catch ( caught ) {
			setSaveError( caught as ApiError );
		} finally {
			setBusy( false );
		}
	};

	const keyInUse = settings.key_in_use;

	return (
		<div className="cart-sessions-settings">
			{ settings.state === 'not_configured' && (
				<Notice status="info" isDismissible={ false }>
					{ __(
						'Connect to your CoCart store: create a key under WooCommerce → Settings → Advanced → REST API on the store (Read/Write to be able to delete carts) and paste it below.',
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

			<form
				className="cart-sessions-settings__form"
				onSubmit={ ( event ) => {
					event.preventDefault();
					save();
				} }
			>
				<TextControl
					label={ __( 'Store URL', 'cart-sessions-for-cocart' ) }
					type="url"
					value={ storeUrl }
					placeholder={ settings.store_url_default }
					disabled={ locked( 'store_url' ) }
					onChange={ ( value ) => setStoreUrl( value ) }
					help={
						errors.store_url ??
						sourceNote( settings, 'store_url' ) ??
						__(
							'The WordPress address of the store that runs CoCart. Leave empty for this site.',
							'cart-sessions-for-cocart'
						)
					}
				/>
				<TextControl
					label={ __( 'Consumer key', 'cart-sessions-for-cocart' ) }
					value={ consumerKey }
					autoComplete="off"
					spellCheck={ false }
					placeholder={ settings.consumer_key_hint || 'ck_…' }
					disabled={ locked( 'consumer_key' ) }
					onChange={ ( value ) => setConsumerKey( value ) }
					help={
						errors.consumer_key ??
						sourceNote( settings, 'consumer_key' ) ??
						( settings.consumer_key_hint
							? sprintf(
									/* translators: %s: key hint such as ck_…a1b2 */
									__(
										'Saved: %s. Leave empty to keep it.',
										'cart-sessions-for-cocart'
									),
									settings.consumer_key_hint
								)
							: __(
									'Starts with ck_.',
									'cart-sessions-for-cocart'
								) )
					}
				/>
				<TextControl
					label={ __(
						'Consumer secret',
						'cart-sessions-for-cocart'
					) }
					type="password"
					value={ consumerSecret }
					autoComplete="new-password"
					placeholder={ settings.secret_saved ? '••••••••' : 'cs_…' }
					disabled={ locked( 'consumer_secret' ) }
					onChange={ ( value ) => setConsumerSecret( value ) }
					help={
						errors.consumer_secret ??
						sourceNote( settings, 'consumer_secret' ) ??
						( settings.secret_saved
							? __(
									'Secret saved. It is never shown again; leave empty to keep it.',
									'cart-sessions-for-cocart'
								)
							: __(
									'Starts with cs_. It is stored encrypted and never sent to the browser.',
									'cart-sessions-for-cocart'
								) )
					}
				/>

				<fieldset className="cart-sessions-settings__backups">
					<legend>
						{ __(
							'Backup keys (for rotation)',
							'cart-sessions-for-cocart'
						) }
					</legend>
					<p className="description">
						{ __(
							'If the store refuses the key above, these are tried in order, and this screen says which one is in use.',
							'cart-sessions-for-cocart'
						) }
					</p>
					{ backups === null ? (
						<>
							<ul>
								{ settings.backup_keys.map( ( backup ) => (
									<li key={ backup.index }>
										<code>
											{ backup.consumer_key_hint }
										</code>{ ' ' }
										{ backup.secret_saved &&
											__(
												'(secret saved)',
												'cart-sessions-for-cocart'
											) }
									</li>
								) ) }
							</ul>
							{ settings.backup_keys.length === 0 && (
								<p>
									{ __(
										'No backup keys.',
										'cart-sessions-for-cocart'
									) }
								</p>
							) }
							<Button
								variant="secondary"
								disabled={ locked( 'backup_keys' ) }
								onClick={ () =>
									setBackups( [
										{
											consumer_key: '',
											consumer_secret: '',
										},
									] )
								}
							>
								{ settings.backup_keys.length
									? __(
											'Replace backup keys',
											'cart-sessions-for-cocart'
										)
									: __(
											'Add backup keys',
											'cart-sessions-for-cocart'
										) }
							</Button>
						</>
					) : (
						<>
							{ backups.map( ( pair, index ) => (
								<div
									className="cart-sessions-settings__backup"
									key={ index }
								>
									<TextControl
										label={ sprintf(
											/* translators: %d: backup number */
											__(
												'Backup %d consumer key',
												'cart-sessions-for-cocart'
											),
											index + 1
										) }
										value={ pair.consumer_key }
										autoComplete="off"
										onChange={ ( value ) =>
											setBackups(
												backups.map( ( other, i ) =>
													i === index
														? {
																...other,
																consumer_key:
																	value,
															}
														: other
												)
											)
										}
										help={
											errors[ `backup_keys[${ index }]` ]
										}
									/>
									<TextControl
										label={ sprintf(
											/* translators: %d: backup number */
											__(
												'Backup %d consumer secret',
												'cart-sessions-for-cocart'
											),
											index + 1
										) }
										type="password"
										autoComplete="new-password"
										value={ pair.consumer_secret }
										onChange={ ( value ) =>
											setBackups(
												backups.map( ( other, i ) =>
													i === index
														? {
																...other,
																consumer_secret:
																	value,
															}
														: other
												)
											)
										}
										help={
											errors[
												`backup_keys[${ index }].consumer_secret`
											]
										}
									/>
								</div>
							) ) }
							<p className="description">
								{ __(
									'Saving replaces the saved backup keys with this list (an empty list removes them).',
									'cart-sessions-for-cocart'
								) }
							</p>
							<Button
								variant="secondary"
								onClick={ () =>
									setBackups( [
										...backups,
										{
											consumer_key: '',
											consumer_secret: '',
										},
									] )
								}
							>
								{ __(
									'Add another',
									'cart-sessions-for-cocart'
								) }
							</Button>{ ' ' }
							<Button
								variant="tertiary"
								onClick={ () => setBackups( null ) }
							>
								{ __(
									'Keep the saved backup keys',
									'cart-sessions-for-cocart'
								) }
							</Button>
						</>
					) }
					{ errors.backup_keys && (
						<p className="cart-sessions-settings__error">
							{ errors.backup_keys }
						</p>
					) }
				</fieldset>

				<TextControl
					label={ __(
						'Request timeout (seconds)',
						'cart-sessions-for-cocart'
					) }
					type="number"
					min={ 2 }
					max={ 60 }
					value={ timeout }
					disabled={ locked( 'timeout' ) }
					onChange={ ( value: string ) =>
						setTimeoutSeconds( Number( value ) )
					}
					help={ errors.timeout }
				/>
				<ToggleControl
					label={ __(
						'Keep a debug log of requests to the store',
						'cart-sessions-for-cocart'
					) }
					help={ __(
						'Method, path, status and time of each request; keys and signatures are left out.',
						'cart-sessions-for-cocart'
					) }
					checked={ debugLog }
					onChange={ ( value ) => setDebugLog( value ) }
				/>

				<fieldset className="cart-sessions-settings__retention">
					<legend>
						{ __(
							'Records kept on this site',
							'cart-sessions-for-cocart'
						) }
					</legend>
					<TextControl
						label={ __(
							'Keep the daily history for (days)',
							'cart-sessions-for-cocart'
						) }
						type="number"
						min={ 1 }
						max={ 3650 }
						value={ historyDays }
						onChange={ ( value: string ) =>
							setHistoryDays( value )
						}
						help={
							errors.history_retention_days ??
							__(
								'Daily counts and totals for the Overview chart, and the history of cleanup runs. 1 to 3650 days.',
								'cart-sessions-for-cocart'
							)
						}
					/>
					<TextControl
						label={ __(
							'Keep the audit log for (days)',
							'cart-sessions-for-cocart'
						) }
						type="number"
						min={ 1 }
						max={ 3650 }
						value={ auditDays }
						onChange={ ( value: string ) => setAuditDays( value ) }
						help={
							errors.audit_retention_days ??
							__(
								'Who deleted which cart, and when. 1 to 3650 days. The privacy policy guide (Settings → Privacy) quotes both periods.',
								'cart-sessions-for-cocart'
							)
						}
					/>
				</fieldset>

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
						! locked( 'consumer_key' ) && (
							<Button
								variant="tertiary"
								isDestructive
								disabled={ busy }
								onClick={ disconnect }
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
				disabled={ settings.state === 'not_configured' }
			/>
			<DebugLogView />
		</div>
	);
}
