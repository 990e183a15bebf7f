<?php
/**
 * The manage_cart_sessions capability: granted at runtime to whoever has the capability it maps to
 * (manage_woocommerce on a WooCommerce site, manage_options elsewhere), so no role needs editing and sites can
 * re-map it with the `cart_sessions_mapped_capability` filter. A role that is given manage_cart_sessions
 * directly keeps it.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions;

final class Capability {

	public const NAME = 'manage_cart_sessions';

	public function register(): void {
		add_filter( 'user_has_cap', array( $this, 'grant' ), 10, 3 );
	}

	/**
	 * The core capability that manage_cart_sessions follows.
	 */
	public static function mapped_capability(): string {
		$default = Environment::is_woocommerce_active() ? 'manage_woocommerce' : 'manage_options';
		/**
		 * Filters the capability a user needs to be granted manage_cart_sessions.
		 *
		 * @param string $capability manage_woocommerce where WooCommerce is active, else manage_options.
		 */
		$capability = apply_filters( 'cart_sessions_mapped_capability', $default );
		return is_string( $capability ) && '' !== $capability ? $capability : $default;
	}

	/**
	 * Filter for user_has_cap.
	 *
	 * @param array<string,bool> $allcaps The user's capabilities.
	 * @param string[]           $caps    The primitive capabilities being checked.
	 * @param array<int,mixed>   $args    [requested capability, user ID, ...].
	 * @return array<string,bool>
	 */
	public function grant( $allcaps, $caps, $args ): array {
		$allcaps = (array) $allcaps;
		if ( ! in_array( self::NAME, (array) $caps, true ) || ! empty( $allcaps[ self::NAME ] ) ) {
			return $allcaps;
		}
		if ( ! empty( $allcaps[ self::mapped_capability() ] ) ) {
			$allcaps[ self::NAME ] = true;
		}
		return $allcaps;
	}
}
