<?php
/**
 * Wires the store double into WordPress.
 *
 * Hook order mirrors the real plugins: CoCart's plugin file ("cart-rest-api-for-woocommerce") loads before
 * WooCommerce's, so CoCart's authentication filters are registered first and its rest_authentication_errors
 * check (priority 15) runs before WooCommerce's (also 15).
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Plugin {

	/** The real CoCart's main file, as WordPress.org installs it. */
	public const REAL_COCART = 'cart-rest-api-for-woocommerce/cart-rest-api-for-woocommerce.php';

	public static function boot(): void {
		add_action( 'init', array( Schema::class, 'maybe_install' ), 0 );
		$mode = Control::mode();
		( new CoCartAuth( $mode ) )->register();
		( new WcAuth() )->register();
		( new AppAuth() )->register();
		( new Faults() )->register();
		( new SessionRoutes() )->register();
		( new StatusRoutes() )->register();
		( new CallerSession() )->register();
		( new IndexGuestSession() )->register();
		( new Storefront() )->register();
		WooCommerce::register();
		add_filter(
			'cart_sessions_in_process',
			static function ( $applies ) {
				return $applies && Control::in_process();
			},
			20 // After anything that already said no, so the option is read only when it decides.
		);
	}

	/**
	 * Whether the real CoCart is active on this site (or already loaded).
	 */
	public static function real_cocart_is_active(): bool {
		if ( class_exists( 'CoCart', false ) ) {
			return true;
		}
		$active = (array) get_option( 'active_plugins', array() );
		if ( is_multisite() ) {
			$active = array_merge(
				$active,
				array_keys( (array) get_site_option( 'active_sitewide_plugins', array() ) )
			);
		}
		return in_array( self::REAL_COCART, $active, true );
	}

	/**
	 * Activation hook: refuse next to the real CoCart.
	 */
	public static function on_activation(): void {
		if ( self::real_cocart_is_active() ) {
			deactivate_plugins( plugin_basename( COCART_DOUBLE_FILE ) );
			wp_die(
				esc_html__(
					'The CoCart store double cannot run next to the real CoCart: deactivate one of them. The double ' .
						'is for development and tests only.',
					'cocart-double'
				),
				esc_html__( 'Plugin not activated', 'cocart-double' ),
				array( 'back_link' => true )
			);
		}
		Schema::maybe_install();
	}

	public static function conflict_notice(): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p>%s</p></div>',
			esc_html__(
				'The CoCart store double is inactive because the real CoCart is active. Deactivate the double: it is ' .
					'for development and tests only.',
				'cocart-double'
			)
		);
	}
}
