<?php
/**
 * The global names a caller uses to reach WooCommerce's session, declared by WooCommerce::declare_globals() on
 * plugins_loaded — so after every plugin loaded, and only where a real WooCommerce or CoCart did not declare them.
 * (Not autoloaded: src/ is for CoCartDouble\ classes.)
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

if ( ! function_exists( 'WC' ) && ! class_exists( 'WooCommerce', false ) ) {
	/**
	 * WooCommerce's WC(): here only session and initialize_session() (CoCartDouble\WooCommerce).
	 */
	// phpcs:ignore CartSessions.NamingConventions.SnakeCaseFunction.NotSnakeCase -- WooCommerce's name.
	function WC(): \CoCartDouble\WooCommerce {
		return \CoCartDouble\WooCommerce::instance();
	}
}

if ( ! function_exists( 'wc_get_cart_url' ) && ! class_exists( 'WooCommerce', false ) ) {
	/**
	 * WooCommerce's wc_get_cart_url(): the cart page's address (here the double's storefront cart page).
	 */
	function wc_get_cart_url(): string {
		return (string) apply_filters( 'woocommerce_get_cart_url', \CoCartDouble\Storefront::cart_url() );
	}
}

if ( ! class_exists( 'CoCart_Session_Handler', false ) ) {
	/**
	 * CoCart 4.2.0+ names its handler CoCart_Session_Handler (a subclass of WC_Session_Handler, global namespace),
	 * so a caller recognises it with instanceof / get_class() as it would the real one.
	 */
	// phpcs:ignore Squiz.Classes.ValidClassName.NotCamelCaps -- CoCart's name.
	class CoCart_Session_Handler extends \CoCartDouble\SessionHandler {
	}
}
