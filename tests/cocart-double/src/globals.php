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
	function WC(): \CoCartDouble\WooCommerce { // phpcs:ignore WordPress.NamingConventions.ValidFunctionName.FunctionNameInvalid -- WooCommerce's name.
		return \CoCartDouble\WooCommerce::instance();
	}
}

if ( ! class_exists( 'CoCart_Session_Handler', false ) ) {
	/**
	 * CoCart 4.2.0+ names its handler CoCart_Session_Handler (a subclass of WC_Session_Handler, global namespace),
	 * so a caller recognises it with instanceof / get_class() as it would the real one.
	 */
	class CoCart_Session_Handler extends \CoCartDouble\SessionHandler { // phpcs:ignore Generic.Files.OneObjectStructurePerFile.MultipleFound
	}
}
