<?php
/**
 * The "documented" mode: the Sessions API the way CoCart's docs and its consumer-keys guide describe it, which
 * no source examined implements (4.3.6 and 4.7.0 were read) — some stores (or a future release) may answer
 * this way, so the plugin should at least recognise it:
 *
 *   GET    /cocart/v2/sessions?page=&per_page=   paged (per_page default 10, max 100), X-WP-Total/X-WP-TotalPages,
 *                                                [] when empty
 *   GET    /cocart/v2/sessions/<session_key>     one row
 *   GET    /cocart/v2/sessions/<session_key>/items
 *   DELETE /cocart/v2/sessions/<session_key>     {"deleted": true}
 *
 * A row: session_key, cart_key, cart_items (list), cart_totals (decimal strings, total among them),
 * customer (billing_first_name, billing_last_name, billing_email), cart_created / cart_expiry /
 * session_expiry as unix integers, cart_source. Errors: cocart_unauthorized (401), cocart_forbidden (403),
 * cocart_session_not_found (404), cocart_invalid_session_id (400). The singular session/<key> routes do not exist.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class DocumentedRoutes {

	public function register_routes(): void {
		$auth = array( self::class, 'permission' );
		register_rest_route(
			SessionRoutes::NS,
			'/sessions',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'list_sessions' ),
				'permission_callback' => $auth,
				'args'                => array(
					'page'     => array(
						'type'              => 'integer',
						'default'           => 1,
						'minimum'           => 1,
						'validate_callback' => 'rest_validate_request_arg',
					),
					'per_page' => array(
						'type'              => 'integer',
						'default'           => 10,
						'minimum'           => 1,
						'maximum'           => 100,
						'validate_callback' => 'rest_validate_request_arg',
					),
				),
			)
		);
		register_rest_route(
			SessionRoutes::NS,
			'/sessions/(?P<session_key>[^/]+)',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_session' ),
					'permission_callback' => $auth,
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_session' ),
					'permission_callback' => $auth,
				),
			)
		);
		register_rest_route(
			SessionRoutes::NS,
			'/sessions/(?P<session_key>[^/]+)/items',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_items' ),
				'permission_callback' => $auth,
			)
		);
	}

	/**
	 * @return true|WP_Error
	 */
	public static function permission() {
		if ( SessionRoutes::can_manage() ) {
			return true;
		}
		if ( is_user_logged_in() ) {
			return new WP_Error(
				'cocart_forbidden',
				'You do not have permission to access cart sessions.',
				array( 'status' => 403 )
			);
		}
		return new WP_Error(
			'cocart_unauthorized',
			'Authentication is required to access cart sessions.',
			array( 'status' => 401 )
		);
	}

	/**
	 * @param array<string,string> $row
	 * @return array<string,mixed>
	 */
	private static function row( array $row ): array {
		$session  = CartData::read( (string) $row['cart_value'] ) ?? array();
		$customer = is_array( $session['customer'] ?? null ) ? $session['customer'] : array();
		$totals   = is_array( $session['cart_totals'] ?? null ) ? $session['cart_totals'] : array();
		$items    = array();
		foreach ( SessionRoutes::cart_of( $session ) as $item_key => $item ) {
			$product = Catalogue::get( (int) ( $item['variation_id'] ?? 0 ) ?: (int) ( $item['product_id'] ?? 0 ) );
			$items[] = array(
				'item_key'     => (string) $item_key,
				'product_id'   => (int) ( $item['product_id'] ?? 0 ),
				'variation_id' => (int) ( $item['variation_id'] ?? 0 ),
				'name'         => null === $product ? '' : (string) $product['name'],
				'quantity'     => $item['quantity'] ?? 0,
				'price'        => null === $product ? '0.00' : number_format( (float) $product['price'], 2, '.', '' ),
				'line_total'   => number_format( (float) ( $item['line_total'] ?? 0 ), 2, '.', '' ),
			);
		}
		$money = array();
		foreach ( array( 'subtotal', 'discount_total', 'shipping_total', 'fee_total', 'total_tax', 'total' ) as $key ) {
			$money[ $key ] = number_format( (float) ( $totals[ $key ] ?? 0 ), 2, '.', '' );
		}
		return array(
			'session_key'    => $row['cart_key'],
			'cart_key'       => $row['cart_key'],
			'cart_items'     => $items,
			'cart_totals'    => $money,
			'customer'       => array(
				'billing_first_name' => (string) ( $customer['first_name'] ?? '' ),
				'billing_last_name'  => (string) ( $customer['last_name'] ?? '' ),
				'billing_email'      => (string) ( $customer['email'] ?? '' ),
			),
			'cart_created'   => (int) $row['cart_created'],
			'cart_expiry'    => (int) $row['cart_expiry'],
			'session_expiry' => (int) $row['cart_expiry'],
			'cart_source'    => $row['cart_source'],
		);
	}

	public function list_sessions( WP_REST_Request $request ): WP_REST_Response {
		global $wpdb;
		$table    = Schema::carts_table();
		$per_page = (int) $request['per_page'];
		$page     = (int) $request['page'];
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$total    = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$table}" );
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$rows     = $wpdb->get_results(
			$wpdb->prepare(
				"SELECT * FROM {$table} ORDER BY cart_id ASC LIMIT %d OFFSET %d",
				$per_page,
				( $page - 1 ) * $per_page
			),
			ARRAY_A
		);
		$response = rest_ensure_response( array_map( array( self::class, 'row' ), (array) $rows ) );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	}

	/**
	 * @return array<string,string>|WP_Error
	 */
	private static function find( WP_REST_Request $request ) {
		$key = (string) $request['session_key'];
		if ( ! preg_match( '/^[A-Za-z0-9_]+$/', $key ) ) {
			return new WP_Error( 'cocart_invalid_session_id', 'Invalid session ID.', array( 'status' => 400 ) );
		}
		$row = SessionRoutes::find_row( $key );
		if ( null === $row ) {
			return new WP_Error( 'cocart_session_not_found', 'Session not found.', array( 'status' => 404 ) );
		}
		return $row;
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_session( WP_REST_Request $request ) {
		$row = self::find( $request );
		return is_wp_error( $row ) ? $row : rest_ensure_response( self::row( $row ) );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_items( WP_REST_Request $request ) {
		$row = self::find( $request );
		return is_wp_error( $row ) ? $row : rest_ensure_response( self::row( $row )['cart_items'] );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_session( WP_REST_Request $request ) {
		global $wpdb;
		$row = self::find( $request );
		if ( is_wp_error( $row ) ) {
			return $row;
		}
		$wpdb->delete( Schema::carts_table(), array( 'cart_id' => $row['cart_id'] ), array( '%d' ) );
		return rest_ensure_response( array( 'deleted' => true ) );
	}
}
