import { TextControl, ToggleControl } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { ConnectionSettings, SettingName } from '../../api/settings';
import { isLocked, type SectionProps } from './draft';

/** Where a locked field's value comes from (wp-config.php or the environment), or null when it is not locked. */
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
 * The connection: store URL, key pair (the secret is write-only: after saving only "secret saved" shows),
 * request timeout and the debug log switch.
 */
export function ConnectionFields( {
	settings,
	draft,
	onChange,
	errors,
}: SectionProps ) {
	return (
		<>
			<TextControl
				label={ __( 'Store URL', 'cart-sessions-for-cocart' ) }
				type="url"
				value={ draft.storeUrl }
				placeholder={ settings.store_url_default }
				disabled={ isLocked( settings, 'store_url' ) }
				onChange={ ( value ) => onChange( { storeUrl: value } ) }
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
				value={ draft.consumerKey }
				autoComplete="off"
				spellCheck={ false }
				placeholder={ settings.consumer_key_hint || 'ck_…' }
				disabled={ isLocked( settings, 'consumer_key' ) }
				onChange={ ( value ) => onChange( { consumerKey: value } ) }
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
						: __( 'Starts with ck_.', 'cart-sessions-for-cocart' ) )
				}
			/>
			<TextControl
				label={ __( 'Consumer secret', 'cart-sessions-for-cocart' ) }
				type="password"
				value={ draft.consumerSecret }
				autoComplete="new-password"
				placeholder={ settings.secret_saved ? '••••••••' : 'cs_…' }
				disabled={ isLocked( settings, 'consumer_secret' ) }
				onChange={ ( value ) => onChange( { consumerSecret: value } ) }
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
			<TextControl
				label={ __(
					'Request timeout (seconds)',
					'cart-sessions-for-cocart'
				) }
				type="number"
				min={ 2 }
				max={ 60 }
				value={ draft.timeout }
				disabled={ isLocked( settings, 'timeout' ) }
				onChange={ ( value: string ) =>
					onChange( { timeout: Number( value ) } )
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
				checked={ draft.debugLog }
				onChange={ ( value ) => onChange( { debugLog: value } ) }
			/>
		</>
	);
}
