import { __, sprintf } from '@wordpress/i18n';
import type { SessionDetail } from '../../api/sessions';
import { formatMoney } from '../../format';

/**
 * An address as a mailto: URL's "to": each side of the last "@" percent-encoded as UTF-8 (RFC 6068), so an
 * international address (kunde@例子.广告) or one with "?" or "#" in it cannot end the address early.
 * @param email
 */
function encodeAddress( email: string ): string {
	const at = email.lastIndexOf( '@' );
	if ( at < 0 ) {
		return encodeURIComponent( email );
	}
	return `${ encodeURIComponent(
		email.slice( 0, at )
	) }@${ encodeURIComponent( email.slice( at + 1 ) ) }`;
}

/**
 * The message inviting the customer back: their cart's lines and total, and the restore link on a line of its own.
 * @param detail
 * @param link
 */
export function recoveryMessage(
	detail: SessionDetail,
	link: string
): { subject: string; body: string } {
	const money = ( amount: string ) => formatMoney( amount, detail.currency );
	const name = detail.customer.name?.trim();
	const lines = detail.items.map( ( item ) =>
		sprintf(
			/* translators: 1: quantity, 2: product name, 3: line total */
			__( '- %1$s × %2$s: %3$s', 'cart-sessions-for-cocart' ),
			String( item.quantity ),
			item.name,
			money( item.line_total )
		)
	);
	const body = [
		name
			? sprintf(
					/* translators: %s: customer name */
					__( 'Hello %s,', 'cart-sessions-for-cocart' ),
					name
				)
			: __( 'Hello,', 'cart-sessions-for-cocart' ),
		'',
		__( 'You left these items in your cart:', 'cart-sessions-for-cocart' ),
		'',
		...lines,
		'',
		sprintf(
			/* translators: %s: cart total */
			__( 'Total: %s', 'cart-sessions-for-cocart' ),
			money( detail.totals.total )
		),
		'',
		__(
			'This link puts them back in your cart, so you can pick up where you left off:',
			'cart-sessions-for-cocart'
		),
		link,
	];
	return {
		subject: __(
			'Your cart is still waiting for you',
			'cart-sessions-for-cocart'
		),
		// RFC 6068: line breaks in a mailto: body are CRLF.
		body: body.join( '\r\n' ),
	};
}

/**
 * A mailto: URL for the manager's own mail client: nothing is sent by the site. Subject and body are encoded
 * whole (encodeURIComponent), so "&", "?", "#" and non-ASCII text in names, products or the link come out of the
 * mail client exactly as written.
 * @param email
 * @param message
 * @param message.subject
 * @param message.body
 */
export function mailtoUrl(
	email: string,
	message: { subject: string; body: string }
): string {
	return `mailto:${ encodeAddress( email ) }?subject=${ encodeURIComponent(
		message.subject
	) }&body=${ encodeURIComponent( message.body ) }`;
}
