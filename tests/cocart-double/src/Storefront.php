<?php
/**
 * The storefront side of CoCart that a restore link reaches: CoCart's "load cart from session" link and a cart
 * page showing the visitor's session.
 *
 * The link (?cocart-load-cart=<key>, the name filtered by cocart_load_cart_query_name) works on any front-end
 * page, as CoCart 4.3.6's load_cart_action() does on woocommerce_load_cart_from_session (WooCommerce fires it on
 * wp_loaded while it reads the visitor's cart):
 *  - a key that is a registered user's ID (get_user_by( 'id' )) loads nothing: only guest carts load from a link;
 *    with WP_DEBUG on, CoCart adds "Technical error made! See error log for reason.";
 *  - a key the table does not hold loads nothing; with notify, "Sorry but this cart has expired!";
 *  - a key the table holds loads, expired or not (its expiry is not looked at): the stored cart replaces the
 *    visitor's (with keep-cart: is merged with it), the visitor's own guest cart is deleted and its cookie
 *    dropped, and the session becomes that key's with a fresh 48 h expiry and a new cookie; saved at shutdown;
 *    with notify, "Your 🛒 cart has been transferred over. …";
 *  - notify and keep-cart count when non-empty (CoCart: ! empty() && ! is_bool()), so "false" counts too.
 * No caching: nocache headers, as cocart_nocache_headers() sends.
 *
 * The cart page (/cart/, wc_get_cart_url()) stands in for WooCommerce's: it prints the session's notices (and
 * clears them, as wc_print_notices() does) and the cart's lines in WooCommerce's classic cart markup. The real
 * store's cart page is the Cart block, rendered in the browser from the Store API; what it lists is the same
 * session's cart.
 *
 * Not reproduced: WooCommerce's cart and customer objects. So the loaded session is saved without the
 * customer block WC_Customer would write for the visitor, and the totals are the stored cart's (recomputed from
 * the lines after a keep-cart merge) rather than recalculated by WC_Cart.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Storefront {

	/** The cart page's path under the home URL. */
	public const CART_PATH = 'cart';

	/** wc_print_notices()' classic markup: notice type => wrapper class. */
	private const NOTICE_CLASSES = array(
		'error'   => 'woocommerce-error',
		'success' => 'woocommerce-message',
		'notice'  => 'woocommerce-info',
	);

	public function register(): void {
		add_action( 'wp_loaded', array( $this, 'load_cart_from_link' ) );
		add_action( 'template_redirect', array( $this, 'cart_page' ), 0 );
		add_filter( 'cocart_load_cart_query_name', array( self::class, 'query_name_switch' ), 5 );
	}

	public static function cart_url(): string {
		return home_url( '/' . self::CART_PATH . '/' );
	}

	/**
	 * The name a test gave the link's parameter (Control::set_load_cart_query_name()), as a site's filter would.
	 *
	 * @param mixed $name
	 * @return mixed
	 */
	public static function query_name_switch( $name ) {
		$switched = (string) get_option( Control::LOAD_CART_QUERY_OPTION, '' );
		return '' === $switched ? $name : $switched;
	}

	/**
	 * CoCart 4.3.6's load_cart_action().
	 */
	public function load_cart_from_link(): void {
		$session = WooCommerce::instance()->session;
		if ( null === $session || CoCartAuth::is_cocart_request() ) {
			return;
		}
		if ( apply_filters( 'cocart_disable_load_cart', false ) ) {
			return;
		}
		$action = (string) apply_filters( 'cocart_load_cart_query_name', 'cocart-load-cart' );
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- a shopper's link, as CoCart reads it.
		if ( ! isset( $_REQUEST[ $action ] ) ) {
			return;
		}
		$cart_key = trim( sanitize_text_field( wp_unslash( (string) $_REQUEST[ $action ] ) ) );
		$notify   = self::flag( $_REQUEST['notify'] ?? null );
		$keep     = self::flag( $_REQUEST['keep-cart'] ?? null );
		// phpcs:enable
		nocache_headers();

		if ( false !== get_user_by( 'id', $cart_key ) ) {
			// Only guest carts load from a link; CoCart logs why and, for developers, says so.
			if ( defined( 'WP_DEBUG' ) && WP_DEBUG ) {
				self::add_notice( 'Technical error made! See error log for reason.', 'error' );
			}
			return;
		}
		$stored = $session->get_session( $cart_key );
		if ( empty( $stored ) || ! is_array( $stored ) ) {
			if ( $notify ) {
				self::add_notice( 'Sorry but this cart has expired!', 'error' );
			}
			return;
		}
		$loaded = CartData::unserialize_values( $stored );
		$cart   = is_array( $loaded['cart'] ?? null ) ? $loaded['cart'] : array();
		$totals = $loaded['cart_totals'] ?? null;
		if ( $keep ) {
			$cart   = array_merge( $cart, (array) $session->get( 'cart', array() ) );
			$totals = CartData::totals( $cart );
		}
		if ( ! is_user_logged_in() ) {
			$session->delete_cart( $session->get_customer_id() );
			$session->destroy_cookie();
		}
		$session->set( 'cart', $cart );
		$session->set( 'cart_totals', $totals );
		foreach ( array( 'applied_coupons', 'coupon_discount_totals', 'coupon_discount_tax_totals' ) as $name ) {
			$session->set( $name, $loaded[ $name ] ?? array() );
		}
		$session->set( 'removed_cart_contents', $loaded['removed_cart_contents'] ?? array() );
		foreach ( array( 'chosen_shipping_methods', 'cart_fees', 'cart_cached' ) as $name ) {
			if ( ! empty( $loaded[ $name ] ) ) {
				$session->set( $name, $loaded[ $name ] );
			}
		}
		if ( ! is_user_logged_in() ) {
			$session->set_customer_id( $cart_key );
			$session->set_session_expiration();
			$session->set_customer_session_cookie( true );
		}
		if ( $notify ) {
			self::add_notice(
				sprintf(
					'Your 🛒 cart has been transferred over. You may %1$scontinue shopping%3$s or %2$scheckout%3$s.',
					'<a href="' . esc_url( home_url( '/shop/' ) ) . '">',
					'<a href="' . esc_url( home_url( '/checkout/' ) ) . '">',
					'</a>'
				),
				'notice'
			);
		}
		do_action( 'cocart_cart_loaded', $cart_key );
	}

	/**
	 * CoCart's test for notify and keep-cart: ! empty( $value ) && is_bool( $value ) !== true.
	 *
	 * @param mixed $value
	 */
	private static function flag( $value ): bool {
		return ! empty( $value ) && ! is_bool( $value );
	}

	/**
	 * wc_add_notice(): kept in the session until a page prints it.
	 */
	private static function add_notice( string $message, string $type ): void {
		$session = WooCommerce::instance()->session;
		$notices = (array) $session->get( 'wc_notices', array() );

		$notices[ $type ][] = array(
			'notice' => $message,
			'data'   => array(),
		);
		$session->set( 'wc_notices', $notices );
	}

	/**
	 * The cart page: the session's notices, then its cart.
	 */
	public function cart_page(): void {
		global $wp;
		$session = WooCommerce::instance()->session;
		$path = isset( $wp->request ) ? trim( (string) $wp->request, '/' ) : '';
		if ( null === $session || self::CART_PATH !== $path ) {
			return;
		}
		status_header( 200 );
		nocache_headers();
		header( 'Content-Type: text/html; charset=utf-8' );
		$notices = (array) $session->get( 'wc_notices', array() );
		$session->set( 'wc_notices', null );
		$cart = (array) $session->get( 'cart', array() );
		echo '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Cart</title></head>';
		echo '<body class="woocommerce-cart"><main><h1>Cart</h1><div class="woocommerce-notices-wrapper">';
		foreach ( $notices as $type => $list ) {
			foreach ( (array) $list as $notice ) {
				printf(
					'<div class="%s" role="alert">%s</div>',
					esc_attr( self::NOTICE_CLASSES[ $type ] ?? 'woocommerce-info' ),
					wp_kses_post( (string) ( $notice['notice'] ?? '' ) )
				);
			}
		}
		echo '</div>';
		if ( array() === $cart ) {
			echo '<p class="cart-empty">Your cart is currently empty.</p>';
		} else {
			echo '<table class="shop_table cart"><thead><tr><th>Product</th><th>Quantity</th><th>Subtotal</th></tr>';
			echo '</thead><tbody>';
			foreach ( $cart as $key => $item ) {
				$id       = (int) ( $item['variation_id'] ?? 0 ) ?: (int) ( $item['product_id'] ?? 0 );
				$product  = Catalogue::get( $id );
				$quantity = (float) ( $item['quantity'] ?? 0 );
				printf(
					'<tr class="cart_item" data-key="%s"><td class="product-name">%s</td>' .
						'<td class="product-quantity">%s</td><td class="product-subtotal">%s</td></tr>',
					esc_attr( (string) $key ),
					esc_html( null === $product ? 'Product #' . $id : (string) $product['name'] ),
					esc_html( 0.0 === fmod( $quantity, 1.0 ) ? (string) (int) $quantity : (string) $quantity ),
					esc_html( number_format( (float) ( $item['line_total'] ?? 0 ), 2, '.', '' ) )
				);
			}
			$totals = (array) $session->get( 'cart_totals', array() );
			printf(
				'</tbody></table><p class="order-total">Total: <strong>%s</strong></p>',
				esc_html( number_format( (float) ( $totals['total'] ?? 0 ), 2, '.', '' ) )
			);
		}
		echo '</main></body></html>';
		exit;
	}
}
