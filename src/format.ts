import { dateI18n, getSettings, humanTimeDiff } from '@wordpress/date';
import { __ } from '@wordpress/i18n';

/**
 * A decimal string in the store's currency, e.g. "36.00" + "GBP" → "£36.00".
 */
export function formatMoney(
	amount: string | null,
	currency: string | null
): string {
	if ( amount === null || amount === '' ) {
		return '—';
	}
	const value = Number( amount );
	if ( ! Number.isFinite( value ) ) {
		return amount;
	}
	if ( currency && /^[A-Z]{3}$/.test( currency ) ) {
		try {
			return new Intl.NumberFormat( undefined, {
				style: 'currency',
				currency,
			} ).format( value );
		} catch {
			// An unknown currency code: fall through to a plain number.
		}
	}
	return currency ? `${ amount } ${ currency }` : amount;
}

/**
 * Date and time in the site's timezone and format, for tooltips and the detail panel.
 */
export function formatDateTime( iso: string | null ): string {
	if ( ! iso ) {
		return __( 'Unknown', 'cart-sessions-for-cocart' );
	}
	const { formats } = getSettings();
	return dateI18n( `${ formats.date } ${ formats.time }`, iso, undefined );
}

/**
 * "3 hours ago" / "in 2 days".
 */
export function formatRelative( iso: string | null ): string {
	return iso
		? humanTimeDiff( iso, undefined )
		: __( 'Unknown', 'cart-sessions-for-cocart' );
}
