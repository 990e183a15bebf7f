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

/** Within this long of now a date reads better as "in 3 hours"; beyond it, as the date itself. */
const RELATIVE_WITHIN_MS = 24 * 60 * 60 * 1000;

/**
 * How a table shows a date: "in 3 hours" / "5 hours ago" within a day of now, the date in the site's format
 * beyond (a tooltip is not the only place the date lives).
 * @param iso
 * @param now
 */
export function formatWhen( iso: string | null, now = Date.now() ): string {
	if ( ! iso ) {
		return __( 'Unknown', 'cart-sessions-for-cocart' );
	}
	const time = Date.parse( iso );
	if (
		Number.isFinite( time ) &&
		Math.abs( time - now ) < RELATIVE_WITHIN_MS
	) {
		return humanTimeDiff( iso, undefined );
	}
	return dateI18n( getSettings().formats.date, iso, undefined );
}
