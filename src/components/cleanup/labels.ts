import { __, sprintf } from '@wordpress/i18n';
import type { AuditEntry, CleanupRule, CleanupRun } from '../../api/cleanup';
import { formatMoney } from '../../format';

export function sourceName( source: CleanupRule[ 'source' ] ): string {
	switch ( source ) {
		case 'cocart':
			return __( 'headless', 'cart-sessions-for-cocart' );
		case 'woocommerce':
			return __( 'storefront', 'cart-sessions-for-cocart' );
		case 'other':
			return __( 'other', 'cart-sessions-for-cocart' );
		default:
			return __( 'any source', 'cart-sessions-for-cocart' );
	}
}

/**
 * A rule in one line: "Expired more than 30 days ago · empty carts only · headless".
 */
export function ruleSummary(
	rule: CleanupRule,
	currency: string | null = null
): string {
	const parts: string[] = [
		rule.expired_days === 0
			? __( 'Every expired cart', 'cart-sessions-for-cocart' )
			: sprintf(
					/* translators: %d: number of days */
					__(
						'Expired more than %d days ago',
						'cart-sessions-for-cocart'
					),
					rule.expired_days
				),
	];
	if ( rule.empty_only ) {
		parts.push( __( 'empty carts only', 'cart-sessions-for-cocart' ) );
	}
	if ( rule.source !== '' ) {
		parts.push( sourceName( rule.source ) );
	}
	if ( rule.max_total !== null ) {
		parts.push(
			sprintf(
				/* translators: %s: amount */
				__( 'below %s', 'cart-sessions-for-cocart' ),
				formatMoney( rule.max_total, currency )
			)
		);
	}
	if ( rule.keep_with_email ) {
		parts.push(
			__( 'keeping carts with an email', 'cart-sessions-for-cocart' )
		);
	}
	return parts.join( ' · ' );
}

export function triggerLabel( trigger: CleanupRun[ 'trigger' ] ): string {
	switch ( trigger ) {
		case 'schedule':
			return __( 'Schedule', 'cart-sessions-for-cocart' );
		case 'cli':
			return __( 'Command line', 'cart-sessions-for-cocart' );
		default:
			return __( 'Manual', 'cart-sessions-for-cocart' );
	}
}

export function runStatusLabel( status: CleanupRun[ 'status' ] ): string {
	switch ( status ) {
		case 'running':
			return __( 'Running', 'cart-sessions-for-cocart' );
		case 'done':
			return __( 'Done', 'cart-sessions-for-cocart' );
		case 'cancelled':
			return __( 'Cancelled', 'cart-sessions-for-cocart' );
		default:
			return __( 'Failed', 'cart-sessions-for-cocart' );
	}
}

export function contextLabel( context: AuditEntry[ 'context' ] ): string {
	switch ( context ) {
		case 'single':
			return __( 'Sessions: one cart', 'cart-sessions-for-cocart' );
		case 'bulk':
			return __( 'Sessions: selection', 'cart-sessions-for-cocart' );
		case 'filter':
			return __( 'Sessions: all matching', 'cart-sessions-for-cocart' );
		case 'cleanup_bulk':
			return __( 'Cleanup (bulk tool)', 'cart-sessions-for-cocart' );
		case 'recovery':
			return __( 'Sessions: recovery', 'cart-sessions-for-cocart' );
		default:
			return __( 'Cleanup', 'cart-sessions-for-cocart' );
	}
}

export function resultLabel( result: AuditEntry[ 'result' ] ): string {
	switch ( result ) {
		case 'deleted':
			return __( 'Deleted', 'cart-sessions-for-cocart' );
		case 'not_found':
			return __( 'Already gone', 'cart-sessions-for-cocart' );
		case 'link_copied':
			return __( 'Restore link copied', 'cart-sessions-for-cocart' );
		case 'link_emailed':
			return __( 'Restore link emailed', 'cart-sessions-for-cocart' );
		default:
			return __( 'Failed', 'cart-sessions-for-cocart' );
	}
}

/**
 * "1.2 s", "3 min 20 s".
 */
export function formatDuration( ms: number ): string {
	if ( ms < 60000 ) {
		return sprintf(
			/* translators: %s: seconds */
			__( '%s s', 'cart-sessions-for-cocart' ),
			( ms / 1000 ).toFixed( 1 )
		);
	}
	return sprintf(
		/* translators: 1: minutes, 2: seconds */
		__( '%1$d min %2$d s', 'cart-sessions-for-cocart' ),
		Math.floor( ms / 60000 ),
		Math.round( ( ms % 60000 ) / 1000 )
	);
}
