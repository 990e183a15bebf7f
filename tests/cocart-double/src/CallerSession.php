<?php
/**
 * The API caller's own CoCart session (docs/cocart-api.md#measured): CoCart's session handler treats every
 * authenticated cocart/ request as that user's shopping session, so at the end of the request (WooCommerce saves
 * sessions on shutdown) it writes the caller's row — cart_key = the user ID, source "cocart" — or re-stamps its
 * expiry. The key owner therefore appears in the list as a cart of its own, from its second request on.
 *
 * Sending cart_key (parameter) or CoCart-API-Cart-Key (header) to a session route makes CoCart load *that* cart
 * as the caller's session, so that cart's expiry is re-stamped instead (never send them).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class CallerSession {

	/** Expiration of a logged-in CoCart session: 7 days in 4.x (cocart_cart_expiration). */
	public const EXPIRATION = 7 * DAY_IN_SECONDS;

	/** @var bool */
	private $scheduled = false;

	public function register(): void {
		add_filter( 'rest_authentication_errors', array( $this, 'note' ), 100 );
	}

	/**
	 * @param mixed $error
	 * @return mixed
	 */
	public function note( $error ) {
		if ( ! $this->scheduled && CoCartAuth::is_cocart_request() && get_current_user_id() > 0 ) {
			$this->scheduled = true;
			add_action( 'shutdown', array( $this, 'save' ) );
		}
		return $error;
	}

	private static function requested_cart_key(): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$key = isset( $_REQUEST['cart_key'] ) ? sanitize_key( wp_unslash( (string) $_REQUEST['cart_key'] ) ) : '';
		if ( '' === $key && ! empty( $_SERVER['HTTP_COCART_API_CART_KEY'] ) ) {
			$key = sanitize_key( wp_unslash( (string) $_SERVER['HTTP_COCART_API_CART_KEY'] ) );
		}
		return $key;
	}

	public function save(): void {
		global $wpdb;
		$user_id = get_current_user_id();
		if ( $user_id <= 0 ) {
			return;
		}
		$now       = time();
		$table     = Schema::carts_table();
		$requested = self::requested_cart_key();
		if ( '' !== $requested ) {
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$wpdb->query(
				$wpdb->prepare(
					"UPDATE {$table} SET cart_expiry = %d WHERE cart_key = %s",
					$now + self::EXPIRATION,
					$requested
				)
			);
			return;
		}
		$fields = array();
		foreach ( CartData::billing_fields() as $field ) {
			$fields[ $field ] = (string) get_user_meta( $user_id, 'billing_' . $field, true );
		}
		foreach ( CartData::shipping_fields() as $field ) {
			$fields[ 'shipping_' . $field ] = (string) get_user_meta( $user_id, 'shipping_' . $field, true );
		}
		$value = CartData::write(
			array(
				'cart'                       => array(),
				'cart_totals'                => CartData::totals( array() ),
				'applied_coupons'            => array(),
				'coupon_discount_totals'     => array(),
				'coupon_discount_tax_totals' => array(),
				'removed_cart_contents'      => array(),
				'customer'                   => CartData::customer( $fields, $user_id ),
			)
		);
		// WC_Session_Handler::save_data(): source and created are never updated; the stored cart is kept.
		$wpdb->query(
			// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			$wpdb->prepare(
				"INSERT INTO {$table} (cart_key, cart_value, cart_created, cart_expiry, cart_source, cart_hash) " .
					'VALUES (%s, %s, %d, %d, %s, %s) ON DUPLICATE KEY UPDATE cart_expiry = VALUES(cart_expiry)',
				(string) $user_id,
				$value,
				$now,
				$now + self::EXPIRATION,
				'cocart',
				''
			)
		);
	}
}
