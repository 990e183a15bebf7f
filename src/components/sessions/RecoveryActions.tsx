import { Button, Notice } from '@wordpress/components';
import { useCallback } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	recordRecovery,
	type SessionDetail,
	type SessionRow,
} from '../../api/sessions';
import { useSnackbar } from '../Snackbars';
import { mailtoUrl, recoveryMessage } from './mailto';

/**
 * Records in the audit log that a cart's restore link was given out; says so when that fails (the link itself
 * was still copied or the mail client still opened, so nothing else is undone).
 */
function useRecord(): (
	key: string,
	action: 'copied' | 'emailed'
) => Promise< void > {
	const snackbar = useSnackbar();
	return useCallback(
		async ( key: string, action: 'copied' | 'emailed' ) => {
			try {
				await recordRecovery( key, action );
			} catch ( error ) {
				snackbar(
					sprintf(
						/* translators: %s: the error message */
						__(
							'The audit log could not record this: %s',
							'cart-sessions-for-cocart'
						),
						( error as Error ).message
					)
				);
			}
		},
		[ snackbar ]
	);
}

/**
 * Copies a cart's restore link to the clipboard, says so, and records it in the audit log: the row action
 * "Copy restore link" and the detail panel's button.
 */
export function useCopyRestoreLink(): ( row: SessionRow ) => Promise< void > {
	const snackbar = useSnackbar();
	const record = useRecord();
	return useCallback(
		async ( row: SessionRow ) => {
			if ( ! row.restore_link ) {
				return;
			}
			try {
				await window.navigator.clipboard.writeText( row.restore_link );
			} catch {
				snackbar(
					__(
						'The browser did not let this page use the clipboard: select the link in the cart’s details and copy it.',
						'cart-sessions-for-cocart'
					)
				);
				return;
			}
			snackbar(
				__( 'Restore link copied.', 'cart-sessions-for-cocart' )
			);
			await record( row.key, 'copied' );
		},
		[ snackbar, record ]
	);
}

/**
 * The detail panel's recovery section: the cart's restore link (expired carts too, marked so), copy it, or email
 * it to the customer from the manager's own mail client; or why there is no link (a registered customer's cart).
 */
export function RecoveryActions( { detail }: { detail: SessionDetail } ) {
	const copy = useCopyRestoreLink();
	const record = useRecord();
	const link = detail.restore_link;
	const title = (
		<h3 id="cart-sessions-recovery-title">
			{ __( 'Recover this cart', 'cart-sessions-for-cocart' ) }
		</h3>
	);
	if ( ! link ) {
		return detail.restore_note ? (
			<section
				className="cart-sessions-recovery"
				aria-labelledby="cart-sessions-recovery-title"
			>
				{ title }
				<p data-testid="restore-note">{ detail.restore_note }</p>
			</section>
		) : null;
	}
	const email = detail.customer.email;
	return (
		<section
			className="cart-sessions-recovery"
			aria-labelledby="cart-sessions-recovery-title"
		>
			{ title }
			{ detail.status === 'expired' && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'This cart has expired, but the store keeps it until its next cleanup, and until then the link still brings it back, with a fresh expiry. Once the cart is deleted, the link only tells the customer that it has expired.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			<p>
				<label htmlFor="cart-sessions-restore-link">
					{ __(
						'Restore link: opening it puts these items back in the customer’s cart on the store.',
						'cart-sessions-for-cocart'
					) }
				</label>
				<input
					id="cart-sessions-restore-link"
					className="large-text code"
					type="text"
					readOnly
					value={ link }
					data-testid="restore-link"
					onFocus={ ( event ) => event.currentTarget.select() }
				/>
			</p>
			<p className="cart-sessions-recovery__actions">
				<Button variant="secondary" onClick={ () => copy( detail ) }>
					{ __( 'Copy restore link', 'cart-sessions-for-cocart' ) }
				</Button>{ ' ' }
				{ email ? (
					<Button
						variant="secondary"
						href={ mailtoUrl(
							email,
							recoveryMessage( detail, link )
						) }
						onClick={ () => record( detail.key, 'emailed' ) }
					>
						{ __(
							'Email the customer',
							'cart-sessions-for-cocart'
						) }
					</Button>
				) : (
					<span className="description">
						{ __(
							'This cart has no email address: copy the link and send it another way.',
							'cart-sessions-for-cocart'
						) }
					</span>
				) }
			</p>
			{ email && (
				<p className="description">
					{ __(
						'“Email the customer” opens your own mail program with a message listing the cart’s items and the link; this site sends nothing.',
						'cart-sessions-for-cocart'
					) }
				</p>
			) }
		</section>
	);
}
