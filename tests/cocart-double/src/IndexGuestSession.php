<?php
/**
 * Measured on CoCart 4.3.6: an anonymous GET /wp-json/cocart/v2 (the REST namespace index) makes CoCart's session
 * handler save a brand-new guest session at the end of the request — key "t_" + 30 hex, source "cocart", 7-day
 * expiry, a customer block and no "cart" entry. Every such look adds one row. GET /wp-json/cocart/v2/store does
 * not. A connection check that looks at the index therefore adds phantom "Guest · 0 items" carts to the store.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_REST_Request;

final class IndexGuestSession {

	/** @var bool */
	private $scheduled = false;

	public function register(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'note' ), 10, 3 );
	}

	/**
	 * @param mixed           $result
	 * @param mixed           $server
	 * @param WP_REST_Request $request
	 * @return mixed
	 */
	public function note( $result, $server, $request ) {
		if (
			! $this->scheduled
			&& $request instanceof WP_REST_Request
			&& '/'
			. SessionRoutes::NS === untrailingslashit( $request->get_route() )
			&& 0 === get_current_user_id()
		) {
			$this->scheduled = true;
			add_action( 'shutdown', array( $this, 'save' ) );
		}
		return $result;
	}

	public function save(): void {
		global $wpdb;
		$now = time();
		$wpdb->insert(
			Schema::carts_table(),
			array(
				'cart_key'     => 't_' . substr( md5( wp_generate_password( 20, false ) . microtime() ), 0, 30 ),
				'cart_value'   => CartData::write( array( 'customer' => CartData::customer( array() ) ) ),
				'cart_created' => $now,
				'cart_expiry'  => $now + CallerSession::EXPIRATION,
				'cart_source'  => 'cocart',
				'cart_hash'    => '',
			),
			array( '%s', '%s', '%d', '%d', '%s', '%s' )
		);
	}
}
