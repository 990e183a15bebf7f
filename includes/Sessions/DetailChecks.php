<?php
/**
 * The detail panel's checks of one cart (CoCart's guide to debugging a customer's cart): the key owner's own
 * session, empty, expired or expiring, and whether this CoCart version reports the cart's own customer (the
 * version quirks come from CoCart\KnownBugs, the table the connection doctor reads too).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\KnownBugs;

final class DetailChecks {

	/**
	 * @param array<string,mixed> $session A merged session (list row and detail).
	 * @return array<int,array{id:string,status:string,message:string}>
	 */
	public static function of( array $session, ?string $version ): array {
		$checks = array();
		if ( ! empty( $session['is_key_owner'] ) ) {
			$checks[] = array(
				'id'      => 'key_owner',
				'status'  => 'warn',
				'message' => __( 'This is the API key’s own session (its cart key is the key user’s ID), not a customer’s cart. CoCart saves it again at the end of every request the plugin sends — even the one that deletes it — so it cannot be deleted and is not offered for deleting.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			);
		}
		$checks[] = self::items( $session );
		$checks[] = self::expiry( $session );
		if ( null !== $version ) {
			$buggy    = KnownBugs::has( KnownBugs::CALLERS_CUSTOMER, $version );
			$checks[] = array(
				'id'      => 'customer_data',
				'status'  => $buggy ? 'warn' : 'pass',
				'message' => $buggy
					? sprintf(
						/* translators: 1: CoCart version, 2: the CoCart version that fixed it */
						__( 'CoCart %1$s returns the API key owner’s billing details as every cart’s customer (fixed in %2$s), so the name and email shown here come from the list of carts instead; the address is not known. Update CoCart to %2$s or newer.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						$version,
						KnownBugs::fixed_in( KnownBugs::CALLERS_CUSTOMER )
					)
					: sprintf(
						/* translators: %s: CoCart version */
						__( 'CoCart %s returns each cart’s own customer details.', 'cart-sessions-for-cocart' ),
						$version
					),
			);
		}
		return $checks;
	}

	/**
	 * @param array<string,mixed> $session
	 * @return array{id:string,status:string,message:string}
	 */
	private static function items( array $session ): array {
		if ( 0 == $session['item_count'] ) { // phpcs:ignore Universal.Operators.StrictComparisons -- 0 or 0.0.
			return array(
				'id'      => 'empty',
				'status'  => 'warn',
				'message' => __(
					'The cart is empty: nothing to recover. Empty carts are safe to delete.',
					'cart-sessions-for-cocart'
				),
			);
		}
		return array(
			'id'      => 'empty',
			'status'  => 'pass',
			'message' => sprintf(
				/* translators: %s: number of items */
				_n(
					'The cart holds %s item.',
					'The cart holds %s items.',
					(int) ceil( (float) $session['item_count'] ),
					'cart-sessions-for-cocart'
				),
				(string) $session['item_count']
			),
		);
	}

	/**
	 * @param array<string,mixed> $session
	 * @return array{id:string,status:string,message:string}
	 */
	private static function expiry( array $session ): array {
		if ( 'expired' === $session['status'] ) {
			return array(
				'id'      => 'expired',
				'status'  => 'fail',
				'message' => sprintf(
					/* translators: %s: date and time, in the site's format and time zone */
					__( 'The cart expired on %s. CoCart deletes it at its next cleanup; until then its restore link still brings it back.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
					self::date_time( (string) $session['expires'] )
				),
			);
		}
		if ( 'expiring' === $session['status'] ) {
			return array(
				'id'      => 'expired',
				'status'  => 'warn',
				'message' => sprintf(
					/* translators: %s: date and time, in the site's format and time zone */
					__(
						'The cart expires within 6 hours, on %s, unless the customer comes back.',
						'cart-sessions-for-cocart'
					),
					self::date_time( (string) $session['expires'] )
				),
			);
		}
		return array(
			'id'      => 'expired',
			'status'  => 'pass',
			'message' => null === $session['expires']
				? __( 'The store did not say when this cart expires.', 'cart-sessions-for-cocart' )
				: __( 'The cart has not expired.', 'cart-sessions-for-cocart' ),
		);
	}

	/**
	 * An ISO 8601 UTC date as the screens show dates: the site's date and time formats, in its time zone.
	 */
	private static function date_time( string $iso ): string {
		$time   = strtotime( $iso );
		$format = (string) get_option( 'date_format' ) . ' ' . (string) get_option( 'time_format' );
		return false === $time ? $iso : (string) wp_date( $format, $time );
	}
}
