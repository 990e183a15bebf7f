<?php
/**
 * The little of WooCommerce's WC() that a caller of CoCart's session routes touches, for sites without
 * WooCommerce (every site the double runs on): WC()->session and WC()->initialize_session().
 *
 * As in WooCommerce 9.4.3 + CoCart 4.3.6:
 *  - WooCommerce starts a session on "frontend" requests only (WooCommerce::init() → wc_load_cart(), at init 0):
 *    not in wp-admin, cron or REST requests. CoCart makes its own cocart/ REST requests count as frontend
 *    (filter woocommerce_is_rest_api_request), so they get a session; a REST request to any other route — a
 *    plugin's own route calling CoCart with rest_do_request() — has WC()->session === null, and CoCart's session
 *    controller then dies with "Call to a member function get_session() on null".
 *  - WC()->initialize_session() (WooCommerce ≥ 3.6.4) creates the handler named by the woocommerce_session_handler
 *    filter (CoCart sets CoCart_Session_Handler) when there is none of that class yet, and calls its init().
 *
 * Deliberately no global class WooCommerce and no WC_* classes: the plugin detects WooCommerce with
 * class_exists( 'WooCommerce' ) (menu under Tools, capability manage_options), and the dev sites have none. The
 * global WC() is declared on plugins_loaded, and only when no real WooCommerce declared it (the double's routes
 * then still use this object's session).
 *
 * Not reproduced: WooCommerce's cart and customer objects (WC()->cart, WC()->customer). Session data therefore
 * only comes from a caller's WC()->session->set().
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class WooCommerce {

	/** CoCart's session handler class, which CoCart puts in place through woocommerce_session_handler. */
	public const COCART_HANDLER = 'CoCart_Session_Handler';

	/** @var self|null */
	private static $instance = null;

	/**
	 * WC()->session: null until a session is started.
	 *
	 * @var object|null
	 */
	public $session = null;

	public static function instance(): self {
		if ( null === self::$instance ) {
			self::$instance = new self();
		}
		return self::$instance;
	}

	public static function register(): void {
		add_action( 'plugins_loaded', array( self::class, 'declare_globals' ), -1000 );
		add_filter( 'woocommerce_session_handler', array( self::class, 'cocart_session_handler' ) );
		add_action( 'init', array( self::class, 'start_frontend_session' ), 0 );
	}

	/**
	 * WC() and CoCart_Session_Handler, unless a real WooCommerce (or CoCart) declared them.
	 */
	public static function declare_globals(): void {
		require_once __DIR__ . '/globals.php';
	}

	/**
	 * CoCart's filter: CoCart_Session_Handler instead of WC_Session_Handler.
	 *
	 * @param mixed $handler_class
	 * @return mixed
	 */
	public static function cocart_session_handler( $handler_class ) {
		return class_exists( self::COCART_HANDLER, false ) ? self::COCART_HANDLER : $handler_class;
	}

	/**
	 * WooCommerce::init() → wc_load_cart() on frontend requests (CoCart's own REST requests included).
	 */
	public static function start_frontend_session(): void {
		if ( self::is_frontend_request() ) {
			self::instance()->initialize_session();
		}
	}

	/**
	 * WooCommerce::is_request( 'frontend' ): not wp-admin (AJAX counts as frontend), not cron, not a REST request
	 * — WooCommerce::is_rest_api_request() looks for the REST prefix in REQUEST_URI, and CoCart answers "no" for
	 * its own cocart/ requests. So a PHP CLI bootstrap (no REQUEST_URI) and ?rest_route= requests are frontend.
	 */
	public static function is_frontend_request(): bool {
		if ( ( is_admin() && ! wp_doing_ajax() ) || wp_doing_cron() ) {
			return false;
		}
		$uri  = isset( $_SERVER['REQUEST_URI'] ) ? (string) $_SERVER['REQUEST_URI'] : '';
		$rest = '' !== $uri && false !== strpos( $uri, trailingslashit( rest_get_url_prefix() ) );
		return ! $rest || CoCartAuth::is_cocart_request();
	}

	/**
	 * WooCommerce::initialize_session() (3.6.4+).
	 */
	public function initialize_session(): void {
		$handler_class = (string) apply_filters( 'woocommerce_session_handler', 'WC_Session_Handler' );
		if ( null === $this->session || ! $this->session instanceof $handler_class ) {
			$this->session = new $handler_class();
			$this->session->init();
		}
	}
}
