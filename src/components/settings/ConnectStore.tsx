import {
	Button,
	ExternalLink,
	Notice,
	RadioControl,
	TextControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	finishConnect,
	startConnect,
	type ConnectionSettings,
	type ConnectResult,
	type DoctorReport,
	type RevokeAdvice,
} from '../../api/settings';
import { useAction } from '../../hooks/useAction';
import { Spinner } from '../Loading';
import { goTo } from './navigate';

export type ConnectScope = 'read' | 'read_write';

/** The parameters the store adds to our Settings address when it sends the browser back. */
const RETURN_PARAMS = [ 'success', 'user_id' ];

/** What the store said on the way back (success=1|0&user_id=<token>), or null when this is not a return. */
function storeReturn(): { token: string; success: boolean } | null {
	const params = new URLSearchParams( window.location.search );
	const token = params.get( 'user_id' );
	const success = params.get( 'success' );
	if ( ! token || ( success !== '0' && success !== '1' ) ) {
		return null;
	}
	return { token, success: success === '1' };
}

/** Takes the return parameters out of the address, so a reload does not send the used token again. */
function forgetReturn() {
	const url = new URL( window.location.href );
	RETURN_PARAMS.forEach( ( name ) => url.searchParams.delete( name ) );
	window.history.replaceState( null, '', url.toString() );
}

/**
 * Starts a connect: asks for the store's authorize address and sends the browser there. Also "Replace this key".
 */
export function useConnectStart() {
	return useAction( async ( storeUrl: string, scope: ConnectScope ) => {
		const { authorize_url: authorizeUrl } = await startConnect(
			storeUrl,
			scope
		);
		goTo( authorizeUrl );
	} );
}

/** "Revoke the old key on the store", with the key as WooCommerce lists it and a link to it. */
export function RevokeAdviceText( {
	revoke,
	which,
}: {
	revoke: RevokeAdvice;
	which: 'old' | 'new';
} ) {
	const key = revoke.truncated_key
		? sprintf(
				/* translators: %s: the key's last 7 characters */
				__( 'the key ending in %s', 'cart-sessions-for-cocart' ),
				revoke.truncated_key
			)
		: sprintf(
				/* translators: %s: key hint such as ck_…a1b2 */
				__( 'the key %s', 'cart-sessions-for-cocart' ),
				revoke.hint
			);
	const described = revoke.description
		? sprintf(
				/* translators: 1: which key, 2: the store's description of it */
				__( '%1$s (“%2$s”)', 'cart-sessions-for-cocart' ),
				key,
				revoke.description
			)
		: key;
	return (
		<p className="cart-sessions-connect__revoke">
			{ which === 'old'
				? sprintf(
						/* translators: %s: which key, such as "the key ending in 1a2b3c4" */
						__(
							'Now revoke the old key on the store, %s: WooCommerce → Settings → Advanced → REST API → Revoke. Until then it still works for anyone who has it.',
							'cart-sessions-for-cocart'
						),
						described
					)
				: sprintf(
						/* translators: %s: which key, such as "the key ending in 1a2b3c4" */
						__(
							'The store made %s, which is not used: revoke it under WooCommerce → Settings → Advanced → REST API.',
							'cart-sessions-for-cocart'
						),
						described
					) }{ ' ' }
			<ExternalLink href={ revoke.keys_url }>
				{ __(
					'Open the store’s REST API keys',
					'cart-sessions-for-cocart'
				) }
			</ExternalLink>
		</p>
	);
}

function ResultNotice( { result }: { result: ConnectResult } ) {
	const status = {
		connected: 'success',
		denied: 'warning',
		failed: 'error',
	}[ result.status ] as 'success' | 'warning' | 'error';
	return (
		<Notice status={ status } isDismissible={ false }>
			<p>{ result.message }</p>
			{ result.revoke && (
				<RevokeAdviceText
					revoke={ result.revoke }
					which={ result.status === 'connected' ? 'old' : 'new' }
				/>
			) }
		</Notice>
	);
}

/**
 * "Connect to a store": the store's address and the permission, then the store's own approve screen (WooCommerce's
 * app authentication), and back here the result — connected, denied, or the doctor's reason for keeping the key in
 * use. The manual way (ConnectionFields) stays below it.
 * @param props
 * @param props.settings   The saved settings.
 * @param props.onSettings Takes the settings as they are after a connect.
 * @param props.onReport   Takes the doctor's report of the new key.
 */
export function ConnectStore( {
	settings,
	onSettings,
	onReport,
}: {
	settings: ConnectionSettings;
	onSettings: ( next: ConnectionSettings ) => void;
	onReport: ( report: DoctorReport ) => void;
} ) {
	const [ storeUrl, setStoreUrl ] = useState(
		settings.sources.store_url === 'default' ? '' : settings.store_url
	);
	const [ scope, setScope ] = useState< ConnectScope >( 'read_write' );
	const [ result, setResult ] = useState< ConnectResult | null >( null );
	const start = useConnectStart();
	const finish = useAction( async ( token: string, success: boolean ) => {
		const answer = await finishConnect( token, success );
		setResult( answer );
		onSettings( answer.settings );
		if ( answer.report ) {
			onReport( answer.report );
		}
	} );

	useEffect( () => {
		const back = storeReturn();
		if ( back ) {
			forgetReturn();
			finish.run( back.token, back.success );
		}
		// Once, when the tab opens: the return parameters are gone afterwards.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [] );

	const available = settings.connect.available;
	return (
		<section
			className="cart-sessions-connect"
			aria-labelledby="cart-sessions-connect-title"
		>
			<h2 id="cart-sessions-connect-title">
				{ __( 'Connect to a store', 'cart-sessions-for-cocart' ) }
			</h2>
			{ finish.busy && (
				<p>
					<Spinner />{ ' ' }
					{ __(
						'Checking the new key with the connection doctor…',
						'cart-sessions-for-cocart'
					) }
				</p>
			) }
			{ result && <ResultNotice result={ result } /> }
			{ finish.error && (
				<Notice status="error" isDismissible={ false }>
					{ finish.error.message }
				</Notice>
			) }
			<p className="description">
				{ __(
					'You log in on the store and approve; WooCommerce makes a key and sends it to this site directly, so there is nothing to copy. Or enter a key pair by hand further down.',
					'cart-sessions-for-cocart'
				) }
			</p>
			{ ! available && settings.connect.reason && (
				<Notice status="info" isDismissible={ false }>
					{ settings.connect.reason }
				</Notice>
			) }
			<form
				className="cart-sessions-connect__form"
				onSubmit={ ( event ) => {
					event.preventDefault();
					start.run( storeUrl.trim(), scope );
				} }
			>
				<TextControl
					label={ __( 'Store address', 'cart-sessions-for-cocart' ) }
					type="url"
					value={ storeUrl }
					placeholder="https://shop.example.com"
					disabled={ ! available }
					onChange={ setStoreUrl }
					help={
						(
							start.error?.data.params as
								Record< string, string > | undefined
						 )?.store_url ??
						__(
							'The WordPress address of the store that runs WooCommerce and CoCart.',
							'cart-sessions-for-cocart'
						)
					}
				/>
				<RadioControl
					label={ __( 'Permission', 'cart-sessions-for-cocart' ) }
					selected={ scope }
					disabled={ ! available }
					options={ [
						{
							value: 'read_write',
							label: __(
								'Read/Write: view and delete carts',
								'cart-sessions-for-cocart'
							),
						},
						{
							value: 'read',
							label: __(
								'Read only: view carts',
								'cart-sessions-for-cocart'
							),
						},
					] }
					onChange={ ( value ) => setScope( value as ConnectScope ) }
				/>
				{ start.error && ! start.error.data.params && (
					<Notice status="error" isDismissible={ false }>
						{ start.error.message }
					</Notice>
				) }
				<Button
					variant="primary"
					type="submit"
					disabled={ ! available || start.busy || finish.busy }
					aria-disabled={ ! available || start.busy || finish.busy }
				>
					{ __( 'Connect to a store', 'cart-sessions-for-cocart' ) }
				</Button>
			</form>
		</section>
	);
}
