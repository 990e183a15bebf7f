import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { ConnectionSettings, KeyPermission } from '../../api/settings';
import { formatDateTime } from '../../format';
import { useConnectStart, type ConnectScope } from './ConnectStore';

/** A key older than this is due for rotation. */
const ROTATE_AFTER_MS = 365 * 24 * 60 * 60 * 1000;

function permissionName( permission: KeyPermission | '' | null ): string {
	switch ( permission ) {
		case 'read_write':
			return __( 'Read/Write', 'cart-sessions-for-cocart' );
		case 'read':
			return __( 'Read', 'cart-sessions-for-cocart' );
		case 'write':
			return __( 'Write', 'cart-sessions-for-cocart' );
		default:
			return __( 'not known yet', 'cart-sessions-for-cocart' );
	}
}

/** One line of the card: a term and what it is. */
function Fact( { term, children }: { term: string; children: string } ) {
	return (
		<>
			<dt>{ term }</dt>
			<dd>{ children }</dd>
		</>
	);
}

/**
 * The top of the Settings tab: whether the plugin is connected, to which CoCart, with which key (its description,
 * permission and when it was obtained), when the doctor last checked; a reminder to rotate a key older than a year;
 * and "Replace this key", which obtains a new key the way "Connect to a store" does.
 * @param props
 * @param props.settings The saved settings.
 * @param props.now      The time now, in milliseconds (tests fix it).
 */
export function StatusCard( {
	settings,
	now = Date.now(),
}: {
	settings: ConnectionSettings;
	now?: number;
} ) {
	const replace = useConnectStart();
	const report = settings.last_report;
	const meta = settings.key_meta;
	const hasKey = settings.state === 'ok' && settings.consumer_key_hint !== '';

	let headline: string;
	if ( settings.in_process ) {
		headline = __(
			'Connected: CoCart on this site, called directly (no key needed)',
			'cart-sessions-for-cocart'
		);
	} else if ( ! hasKey ) {
		headline = __( 'Not connected', 'cart-sessions-for-cocart' );
	} else if ( ! report ) {
		headline = __(
			'Key saved, not checked yet: run Test connection',
			'cart-sessions-for-cocart'
		);
	} else if ( report.ok ) {
		headline = __( 'Connected', 'cart-sessions-for-cocart' );
	} else {
		headline = __(
			'The last check failed: see the connection doctor',
			'cart-sessions-for-cocart'
		);
	}

	const permission = report?.permission ?? meta?.permission ?? null;
	const keyText = meta
		? sprintf(
				/* translators: 1: key hint such as ck_…a1b2, 2: the store's description of the key, 3: permission */
				__( '%1$s, “%2$s”, %3$s', 'cart-sessions-for-cocart' ),
				settings.consumer_key_hint,
				meta.description ||
					__( 'entered by hand', 'cart-sessions-for-cocart' ),
				permissionName( permission )
			)
		: sprintf(
				/* translators: 1: key hint such as ck_…a1b2, 2: permission */
				__( '%1$s, %2$s', 'cart-sessions-for-cocart' ),
				settings.consumer_key_hint,
				permissionName( permission )
			);
	const old =
		meta !== null &&
		now - new Date( meta.obtained_at ).getTime() > ROTATE_AFTER_MS;
	const canReplace =
		hasKey &&
		! settings.in_process &&
		settings.connect.available &&
		! settings.locked.consumer_key;
	const scope: ConnectScope = permission === 'read' ? 'read' : 'read_write';

	return (
		<section
			className="cart-sessions-status"
			aria-labelledby="cart-sessions-status-title"
		>
			<h2 id="cart-sessions-status-title">{ headline }</h2>
			<dl className="cart-sessions-status__facts">
				{ ! settings.in_process && hasKey && (
					<Fact term={ __( 'Store', 'cart-sessions-for-cocart' ) }>
						{ settings.store_url }
					</Fact>
				) }
				{ report?.cocart_version && (
					<Fact term={ __( 'CoCart', 'cart-sessions-for-cocart' ) }>
						{ report.cocart_version }
					</Fact>
				) }
				{ hasKey && ! settings.in_process && (
					<Fact term={ __( 'Key', 'cart-sessions-for-cocart' ) }>
						{ keyText }
					</Fact>
				) }
				{ meta && ! settings.in_process && (
					<Fact term={ __( 'Obtained', 'cart-sessions-for-cocart' ) }>
						{ formatDateTime( meta.obtained_at ) }
					</Fact>
				) }
				{ report && (
					<Fact
						term={ __(
							'Last checked',
							'cart-sessions-for-cocart'
						) }
					>
						{ formatDateTime( report.checked_at ) }
					</Fact>
				) }
			</dl>
			{ old && ! settings.in_process && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'This key is more than a year old. Replace it, then revoke the old one on the store (WooCommerce → Settings → Advanced → REST API), along with any other key nothing uses any more.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			{ canReplace && (
				<p>
					<Button
						variant="secondary"
						disabled={ replace.busy }
						aria-disabled={ replace.busy }
						onClick={ () =>
							replace.run( settings.store_url, scope )
						}
					>
						{ __( 'Replace this key', 'cart-sessions-for-cocart' ) }
					</Button>{ ' ' }
					<span className="description">
						{ __(
							'Gets a new key from the store the same way; it replaces this one only once the connection doctor passes with it.',
							'cart-sessions-for-cocart'
						) }
					</span>
				</p>
			) }
			{ replace.error && (
				<Notice status="error" isDismissible={ false }>
					{ replace.error.message }
				</Notice>
			) }
		</section>
	);
}
