<?php
/**
 * CoCart's Sessions API in namespace cocart/v2, as CoCart's source implements it (docs/cocart-api.md#routes):
 *
 *   GET    /cocart/v2/sessions                      every row of {prefix}cocart_carts (SELECT *, no paging)
 *   GET    /cocart/v2/session/(?P<session_key>[\w]+)        one session (docs/cocart-api.md#one-cart)
 *   DELETE /cocart/v2/session/(?P<session_key>[\w]+)        "Session successfully deleted!"
 *   GET    /cocart/v2/session/(?P<session_key>[\w]+)/items  the items object
 *   GET    /cocart/v2/store                                 public store info with the CoCart version
 *
 * Version modes change what the handlers do (Control::MODES); the "documented" mode registers the routes of
 * CoCart's docs instead (DocumentedRoutes).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class SessionRoutes {

	public const NS = 'cocart/v2';

	/** @var string */
	private $mode = '4.3.6';

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
		add_filter( 'rest_post_dispatch', array( $this, 'global_headers' ), 10, 3 );
	}

	public function register_routes(): void {
		$this->mode = Control::mode();
		register_rest_route(
			self::NS,
			'/store',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'get_store' ),
				'permission_callback' => '__return_true',
			)
		);
		if ( 'documented' === $this->mode ) {
			( new DocumentedRoutes() )->register_routes();
			return;
		}
		register_rest_route(
			self::NS,
			'/sessions',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_carts_in_session' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/session/(?P<session_key>[\w]+)',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_cart_in_session' ),
					'permission_callback' => array( self::class, 'permission' ),
					'args'                => self::collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_cart' ),
					'permission_callback' => array( self::class, 'permission' ),
				),
			)
		);
		register_rest_route(
			self::NS,
			'/session/(?P<session_key>[\w]+)/items',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_cart_items_in_session' ),
					'permission_callback' => array( self::class, 'permission' ),
					'args'                => self::collection_params(),
				),
			)
		);
	}

	/**
	 * CoCart_REST_Cart_V2_Controller::get_collection_params(), inherited by the session routes.
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private static function collection_params(): array {
		return array(
			'cart_key' => array(
				'description'       => 'Unique identifier for the cart.',
				'type'              => 'string',
				'sanitize_callback' => 'sanitize_key',
				'validate_callback' => 'rest_validate_request_arg',
			),
			'fields'   => array(
				'description'       => 'Specify each parent field you want to request separated by (,) in the ' .
					'response before the data is fetched.',
				'type'              => 'string',
				'validate_callback' => 'rest_validate_request_arg',
			),
			'thumb'    => array(
				'description'       => 'True if you want to return the URL of the featured product image for each ' .
					'item in the cart.',
				'default'           => true,
				'type'              => 'boolean',
				'validate_callback' => 'rest_validate_request_arg',
			),
			'default'  => array(
				'description'       => 'Return the default cart data if set to true.',
				'type'              => 'boolean',
				'default'           => false,
				'validate_callback' => 'rest_validate_request_arg',
			),
		);
	}

	/**
	 * wc_rest_check_manager_permissions( 'settings', 'read' ) → manage_woocommerce, filtered like WooCommerce.
	 */
	public static function can_manage(): bool {
		return (bool) apply_filters(
			'woocommerce_rest_check_permissions',
			current_user_can( 'manage_woocommerce' ),
			'read',
			0,
			'settings'
		);
	}

	/**
	 * @return true|WP_Error
	 */
	public static function permission() {
		if ( ! self::can_manage() ) {
			return new WP_Error(
				'cocart_rest_cannot_view',
				'Sorry, you cannot list resources.',
				array( 'status' => rest_authorization_required_code() )
			);
		}
		return true;
	}

	/**
	 * CoCart_Response::get_response(): empty payloads are an error; headers CoCart-Timestamp and (≤ 4.4)
	 * CoCart-Version on every success. 4.7.0+ sets its headers globally (global_headers()).
	 *
	 * @param mixed $data
	 * @return WP_REST_Response|WP_Error
	 */
	private function respond( $data, string $endpoint ) {
		if ( empty( $data ) ) {
			return new WP_Error(
				'cocart_response_returned_empty',
				sprintf(
					'Request returned nothing for "%s"! Please seek assistance.',
					rest_url( sprintf( 'cocart/v2/%s/', $endpoint ) )
				),
				array( 'status' => 400 )
			);
		}
		$response = rest_ensure_response( $data );
		if ( in_array( $this->mode, array( '4.2.0', '4.3.6' ), true ) ) {
			$response->header( 'CoCart-Timestamp', (string) time() );
			$response->header( 'CoCart-Version', Control::version() );
		}
		return $response;
	}

	/**
	 * 4.7.0+ (CoCart_REST_API::set_global_headers()): CoCart-Timestamp on every cocart/ response,
	 * CoCart-Version only with WP_DEBUG.
	 *
	 * @param mixed           $response
	 * @param WP_REST_Server  $server
	 * @param WP_REST_Request $request
	 * @return mixed
	 */
	public function global_headers( $response, $server, $request ) {
		$mode = Control::mode();
		if (
			! in_array( $mode, array( '4.7.0', '4.8.0', 'documented' ), true )
			|| ! $response instanceof \WP_HTTP_Response
		) {
			return $response;
		}
		if ( 0 !== strpos( ltrim( (string) $request->get_route(), '/' ), 'cocart/' ) ) {
			return $response;
		}
		$response->header( 'CoCart-Timestamp', (string) time() );
		if ( defined( 'WP_DEBUG' ) && WP_DEBUG ) {
			$response->header( 'CoCart-Version', Control::version() );
		}
		return $response;
	}

	/**
	 * GET /cocart/v2/store (CoCart_REST_Store_V2_Controller): public, "version" = COCART_VERSION.
	 */
	public function get_store(): WP_REST_Response {
		$data = array(
			'version'     => Control::version(),
			'title'       => get_option( 'blogname' ),
			'description' => get_option( 'blogdescription' ),
			'home_url'    => home_url(),
			'language'    => get_bloginfo( 'language' ),
			'gmt_offset'  => get_option( 'gmt_offset' ),
			'timezone'    => get_option( 'timezone_string' ),
			'routes'      => array(
				'sessions' => rest_url( 'cocart/v2/sessions' ),
				'session'  => rest_url( 'cocart/v2/session/<session_key>' ),
			),
		);
		return $this->respond( $data, 'store' );
	}

	/**
	 * GET /cocart/v2/sessions: literally SELECT * — no WHERE, no ORDER BY, no LIMIT — and every row unserialized.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_carts_in_session( WP_REST_Request $request ) {
		global $wpdb;
		Faults::maybe_run_out_of_memory();
		$table   = Schema::carts_table();
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
		$results = $wpdb->get_results( "SELECT * FROM {$table}", ARRAY_A );
		if ( empty( $results ) ) {
			return new WP_Error( 'cocart_no_carts_in_session', 'No carts in session!', array( 'status' => 404 ) );
		}
		$sessions = array();
		foreach ( $results as $row ) {
			$value    = CartData::read( (string) $row['cart_value'] );
			$customer = (
				is_array( $value )
				&& isset( $value['customer'] )
				&& is_array( $value['customer'] )
			) ? $value['customer'] : array();
			$first    = (string) ( $customer['first_name'] ?? '' );
			$last     = (string) ( $customer['last_name'] ?? '' );
			$sessions[] = array(
				'cart_id'         => $row['cart_id'],
				'cart_key'        => $row['cart_key'],
				'customers_name'  => $first . ( '' !== $last ? ' ' . $last : '' ),
				'customers_email' => (string) ( $customer['email'] ?? '' ),
				'cart_created'    => gmdate( 'm/d/Y H:i:s', (int) $row['cart_created'] ),
				'cart_expiry'     => gmdate( 'm/d/Y H:i:s', (int) $row['cart_expiry'] ),
				'cart_source'     => $row['cart_source'],
				'link'            => rest_url( '/cocart/v2/session/' . $row['cart_key'] ),
			);
		}
		return $this->respond( $sessions, 'sessions' );
	}

	/**
	 * The row for a key: the column's _ci collation makes the lookup case-insensitive.
	 *
	 * @return array<string,string>|null
	 */
	public static function find_row( string $key ): ?array {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::carts_table() . ' WHERE cart_key = %s', $key ),
			ARRAY_A
		);
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The session stored for a key, as the handler loads it, or null (not found / 4.2.0–4.3.5's get_cart()).
	 *
	 * @return array<string,mixed>|null
	 */
	private function load_session( string $key ): ?array {
		if ( '4.2.0' === $this->mode ) {
			// 4.2.0–4.3.5: the controller still calls the deprecated CoCart_Session_Handler::get_cart(), which
			// returns null, so every lookup fails.
			return null;
		}
		// 4.3.6+: WC()->session->get_session( $key ). Null (a PHP Error) in a REST request to another route until
		// the caller runs WC()->initialize_session() — see WooCommerce.php.
		$stored = WooCommerce::instance()->session->get_session( $key );
		if ( empty( $stored ) ) {
			return null;
		}
		if ( ! is_array( $stored ) ) {
			// A damaged session (cart_value not an array): the real code indexes into it and dies (fixed 4.8.1).
			$damaged = (string) $stored;
			return $damaged['cart']; // phpcs:ignore -- a genuine PHP fatal, on purpose.
		}
		return CartData::unserialize_values( $stored );
	}

	/**
	 * GET /cocart/v2/session/<key>.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_cart_in_session( WP_REST_Request $request ) {
		$key     = (string) $request['session_key'];
		$session = $this->load_session( $key );
		if ( null === $session ) {
			return new WP_Error(
				'cocart_cart_in_session_not_valid',
				'Cart in session is not valid!',
				array( 'status' => 404 )
			);
		}
		if ( ! isset( $session['cart'] ) ) {
			self::log_missing_cart_warnings();
		}
		$cart   = self::cart_of( $session );
		$thumb  = (bool) $request['thumb'];
		$totals = is_array( $session['cart_totals'] ?? null ) ? $session['cart_totals'] : array();
		$data   = array(
			'cart_key'      => $key,
			'customer'      => self::caller_customer(),
			'items'         => $this->get_items( $cart, $thumb ),
			'item_count'    => self::item_count( $cart ),
			'items_weight'  => (string) self::items_weight( $cart ),
			'coupons'       => self::coupons( (array) ( $session['applied_coupons'] ?? array() ) ),
			'fees'          => self::fees( $session['cart_fees'] ?? array() ),
			'totals'        => self::totals( $totals ),
			'needs_payment' => (float) ( $totals['total'] ?? 0 ) > 0,
			'removed_items' => $this->removed_items( (array) ( $session['removed_cart_contents'] ?? array() ), $thumb ),
		);
		return $this->respond( $data, 'session' );
	}

	/**
	 * A session without a "cart" entry (a customer block only) still answers 200 with no items and zero totals,
	 * but the real controllers read the missing entry: CoCart 4.3.6 logs 18 PHP warnings per such request.
	 * The double writes two lines of the same kind to the debug log.
	 */
	private static function log_missing_cart_warnings(): void {
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
		error_log(
			'PHP Warning:  Undefined array key "cart" in ' .
				'wp-content/plugins/cart-rest-api-for-woocommerce/includes/api/' .
				'class-cocart-session-v2-controller.php (CoCart store double)'
		);
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
		error_log(
			'PHP Warning:  foreach() argument must be of type array|object, null given in ' .
				'wp-content/plugins/cart-rest-api-for-woocommerce/includes/api/class-cocart-cart-v2-controller.php ' .
				'(CoCart store double)'
		);
	}

	/**
	 * GET /cocart/v2/session/<key>/items.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public function get_cart_items_in_session( WP_REST_Request $request ) {
		$session = $this->load_session( (string) $request['session_key'] );
		if ( null === $session ) {
			return new WP_Error(
				'cocart_cart_in_session_not_valid',
				'Cart in session is not valid!',
				array( 'status' => 404 )
			);
		}
		return $this->respond( $this->get_items( self::cart_of( $session ), (bool) $request['thumb'] ), 'session' );
	}

	/**
	 * DELETE /cocart/v2/session/<key>.
	 *
	 * @return WP_REST_Response|WP_Error
	 */
	public function delete_cart( WP_REST_Request $request ) {
		$key     = (string) $request['session_key'];
		$session = WooCommerce::instance()->session; // WC()->session, as in load_session().
		if ( '4.2.0' === $this->mode || empty( $session->get_session( $key ) ) ) {
			return new WP_Error( 'cocart_session_not_valid', 'Session is not valid!', array( 'status' => 404 ) );
		}
		// WC()->session->delete_cart(): the row and its object-cache entry; then the persistent cart of a user key.
		$session->delete_cart( $key );
		if ( ctype_digit( $key ) ) {
			delete_user_meta( (int) $key, '_woocommerce_persistent_cart_' . get_current_blog_id() );
		}
		if ( ! empty( $session->get_session( $key ) ) ) {
			return new WP_Error(
				'cocart_session_not_deleted',
				'Session could not be deleted!',
				array( 'status' => 500 )
			);
		}
		return $this->respond( 'Session successfully deleted!', 'session' );
	}

	/**
	 * The session's cart: CoCart's cart_cache when present, else WooCommerce's cart.
	 *
	 * @param array<string,mixed> $session
	 * @return array<string,array<string,mixed>>
	 */
	public static function cart_of( array $session ): array {
		$cart = $session['cart_cache'] ?? $session['cart'] ?? array();
		return is_array( $cart ) ? $cart : array();
	}

	/**
	 * The *requesting* user's billing and shipping details — not the viewed cart's (a bug up to 4.8.0, confirmed
	 * on a real 4.3.6 store): WC_Customer ignores the session array it is given and reads the caller's session.
	 *
	 * @return array<string,array<string,string>>
	 */
	public static function caller_customer(): array {
		$user_id  = get_current_user_id();
		$billing  = array();
		$shipping = array();
		foreach ( CartData::billing_fields() as $field ) {
			$billing[ 'billing_' . $field ] = (string) get_user_meta( $user_id, 'billing_' . $field, true );
		}
		foreach ( CartData::shipping_fields() as $field ) {
			$shipping[ 'shipping_' . $field ] = (string) get_user_meta( $user_id, 'shipping_' . $field, true );
		}
		return array(
			'billing_address'  => $billing,
			'shipping_address' => $shipping,
		);
	}

	/**
	 * @param array<string,array<string,mixed>> $cart
	 * @return array<string,mixed>|array{}
	 */
	private function get_items( array $cart, bool $thumb ): array {
		$items = array();
		foreach ( $cart as $item_key => $cart_item ) {
			$product = Catalogue::get(
				(int) ( $cart_item['variation_id'] ?? 0 ) ?: (int) ( $cart_item['product_id'] ?? 0 )
			);
			if ( in_array( $this->mode, array( '4.7.0', '4.8.0' ), true ) ) {
				// 4.7.0 (until 4.8.1): get_item( $product, … ) still reads $_product in its body. A genuine fatal.
				$_product = null;
				$_product->get_id(); // @phpstan-ignore-line
			}
			if ( null === $product ) {
				// The product was deleted: get_items() passes false to get_item(), which calls a method on it.
				$missing = false;
				$missing->get_id(); // @phpstan-ignore-line
			}
			$items[ (string) $item_key ] = self::get_item( $product, $cart_item, (string) $item_key, $thumb );
		}
		return $items;
	}

	/**
	 * @param array<string,mixed> $product
	 * @param array<string,mixed> $cart_item
	 * @return array<string,mixed>
	 */
	private static function get_item( array $product, array $cart_item, string $item_key, bool $thumb ): array {
		$quantity  = $cart_item['quantity'] ?? 1;
		$weight    = '' === (string) $product['weight'] ? 0.0 : (float) $product['weight'] * (float) $quantity;
		$variation = array();
		foreach ( (array) ( $cart_item['variation'] ?? array() ) as $attribute => $value ) {
			$variation[ Catalogue::attribute_label( (string) $attribute ) ] = ucfirst( (string) $value );
		}
		$standard       = array(
			'key',
			'product_id',
			'variation_id',
			'variation',
			'quantity',
			'data',
			'data_hash',
			'line_tax_data',
			'line_subtotal',
			'line_subtotal_tax',
			'line_total',
			'line_tax',
		);
		$cart_item_data = array_diff_key( $cart_item, array_flip( $standard ) );
		return array(
			'item_key'       => $item_key,
			'id'             => (int) $product['id'],
			'name'           => (string) $product['name'],
			'title'          => (string) ( $product['title'] ?? $product['name'] ),
			'price'          => self::money( $product['price'] ),
			'quantity'       => array(
				'value'        => $quantity,
				'min_purchase' => 1,
				'max_purchase' => -1,
			),
			'totals'         => array(
				'subtotal'     => self::money( $cart_item['line_subtotal'] ?? 0 ),
				'subtotal_tax' => self::money( $cart_item['line_subtotal_tax'] ?? 0 ),
				'total'        => self::money( $cart_item['line_total'] ?? 0 ),
				'tax'          => self::money( $cart_item['line_tax'] ?? 0 ),
			),
			'slug'           => (string) $product['slug'],
			'meta'           => array(
				'product_type' => (string) $product['type'],
				'sku'          => (string) $product['sku'],
				'dimensions'   => array(
					'length' => (string) $product['dims'][0],
					'width'  => (string) $product['dims'][1],
					'height' => (string) $product['dims'][2],
					'unit'   => 'cm',
				),
				'weight'       => $weight > 0 ? (string) $weight : '0.0',
				'variation'    => $variation,
			),
			'backorders'     => '',
			'cart_item_data' => $cart_item_data ? $cart_item_data : array(),
			'featured_image' => $thumb ? content_url( 'uploads/2025/01/' . $product['slug'] . '-300x300.jpg' ) : '',
		);
	}

	/**
	 * @param array<string,array<string,mixed>> $removed
	 * @return array<string,mixed>|array{}
	 */
	private function removed_items( array $removed, bool $thumb ): array {
		$items = array();
		foreach ( $removed as $item_key => $cart_item ) {
			$product = Catalogue::get(
				(int) ( $cart_item['variation_id'] ?? 0 ) ?: (int) ( $cart_item['product_id'] ?? 0 )
			);
			if ( null === $product ) {
				continue;
			}
			$item             = self::get_item( $product, (array) $cart_item, (string) $item_key, $thumb );
			$item['quantity'] = $item['quantity']['value']; // Flattened for removed items.
			$items[ (string) $item_key ] = $item;
		}
		return $items;
	}

	/**
	 * Sum of quantities: a float as soon as one quantity is a float (CoCart's floatval stock amounts).
	 *
	 * @param array<string,array<string,mixed>> $cart
	 * @return int|float
	 */
	public static function item_count( array $cart ) {
		$count = 0;
		foreach ( $cart as $item ) {
			$count += $item['quantity'] ?? 0;
		}
		return $count;
	}

	/**
	 * @param array<string,array<string,mixed>> $cart
	 */
	private static function items_weight( array $cart ): float {
		$weight = 0.0;
		foreach ( $cart as $item ) {
			$product = Catalogue::get( (int) ( $item['variation_id'] ?? 0 ) ?: (int) ( $item['product_id'] ?? 0 ) );
			if ( null !== $product && '' !== (string) $product['weight'] ) {
				$weight += (float) $product['weight'] * (float) ( $item['quantity'] ?? 0 );
			}
		}
		return $weight;
	}

	/**
	 * Coupons; saving/saving_html come from the *caller's* WC()->cart (coupon_html()), which is empty here: the
	 * real 4.3.6 answers saving "-0" while totals.discount_total holds the cart's real discount.
	 *
	 * @param string[] $codes
	 * @return array<int,array<string,string>>
	 */
	private static function coupons( array $codes ): array {
		$coupons = array();
		foreach ( $codes as $code ) {
			$coupons[] = array(
				'coupon'      => (string) $code,
				'label'       => 'Coupon: ' . $code,
				'saving'      => '-0',
				'saving_html' => '-<span class="woocommerce-Price-amount amount"><bdi><span ' .
					'class="woocommerce-Price-currencySymbol">&pound;</span>0.00</bdi></span>',
			);
		}
		return $coupons;
	}

	/**
	 * @param mixed $fees
	 * @return array<string,array<string,string>>|array{}
	 */
	private static function fees( $fees ): array {
		$out = array();
		foreach ( is_array( $fees ) ? $fees : array() as $key => $fee ) {
			$out[ (string) $key ] = array(
				'name' => (string) ( $fee['name'] ?? '' ),
				'fee'  => self::money( $fee['total'] ?? $fee['amount'] ?? 0 ),
			);
		}
		return $out;
	}

	/**
	 * @param array<string,mixed> $totals
	 * @return array<string,string>
	 */
	private static function totals( array $totals ): array {
		$out = array();
		$keys = array(
			'subtotal',
			'subtotal_tax',
			'fee_total',
			'fee_tax',
			'discount_total',
			'discount_tax',
			'shipping_total',
			'shipping_tax',
			'total',
			'total_tax',
		);
		foreach ( $keys as $key ) {
			$out[ $key ] = self::money( $totals[ $key ] ?? 0 );
		}
		return $out;
	}

	/**
	 * cocart_prepare_money_response( $value, wc_get_price_decimals() ): a string of integer minor units.
	 *
	 * @param mixed $value
	 */
	public static function money( $value ): string {
		$decimals = (int) get_option( 'woocommerce_price_num_decimals', 2 );
		return (string) (int) round( (float) $value * ( 10 ** $decimals ) );
	}
}
