<?php
/**
 * Facts about the site the plugin runs on.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions;

final class Environment {

	/**
	 * Whether WooCommerce is active on this site (decides the menu's place and the mapped capability).
	 * Filterable so a site that loads WooCommerce unusually can say so.
	 */
	public static function is_woocommerce_active(): bool {
		return (bool) apply_filters( 'cart_sessions_is_woocommerce_active', class_exists( 'WooCommerce', false ) );
	}
}
