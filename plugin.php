<?php
// phpcs:disable Generic.Files.LineLength -- WordPress reads each plugin header from one line.
/**
 * Plugin Name:       Cart Sessions for CoCart
 * Plugin URI:        https://wordpress.org/plugins/cart-sessions-for-cocart/
 * Description:       See, inspect, delete and clean up the cart sessions of a CoCart store from wp-admin, through CoCart's Sessions API.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Requires PHP:      7.4
 * Author:            Cart Sessions for CoCart contributors
 * License:           GPL-2.0-or-later
 * License URI:       https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:       cart-sessions-for-cocart
 * Domain Path:       /languages
 *
 * @package CartSessions
 */
// phpcs:enable Generic.Files.LineLength

// This file only checks that the plugin can run and then hands over to includes/. It must parse on old PHP
// versions so that the version guard below can show its notice instead of a fatal error.

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'CART_SESSIONS_VERSION', '0.1.0' );
define( 'CART_SESSIONS_FILE', __FILE__ );
define( 'CART_SESSIONS_DIR', __DIR__ );
define( 'CART_SESSIONS_MIN_PHP', '7.4' );
define( 'CART_SESSIONS_MIN_WP', '6.5' );

/**
 * Shows an error notice to people who can manage plugins. Used by the guards only.
 *
 * @param string $message Plain text; escaped here.
 */
function cart_sessions_guard_notice( $message ) {
	add_action(
		'admin_notices',
		function () use ( $message ) {
			if ( current_user_can( 'activate_plugins' ) ) {
				printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
			}
		}
	);
}

if ( version_compare( PHP_VERSION, CART_SESSIONS_MIN_PHP, '<' ) ) {
	cart_sessions_guard_notice(
		sprintf(
			/* translators: 1: required PHP version, 2: running PHP version */
			__( 'Cart Sessions for CoCart needs PHP %1$s or newer; this site runs PHP %2$s. Ask your host to upgrade PHP.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			CART_SESSIONS_MIN_PHP,
			PHP_VERSION
		)
	);
	return;
}

// Compare the numeric part only: '6.6-RC3' must count as 6.6, not as older than 6.6.
if ( version_compare( preg_replace( '/-.*$/', '', get_bloginfo( 'version' ) ), CART_SESSIONS_MIN_WP, '<' ) ) {
	cart_sessions_guard_notice(
		sprintf(
			/* translators: 1: required WordPress version, 2: running WordPress version */
			__( 'Cart Sessions for CoCart needs WordPress %1$s or newer; this site runs WordPress %2$s. Update WordPress to use it.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			CART_SESSIONS_MIN_WP,
			get_bloginfo( 'version' )
		)
	);
	return;
}

if ( ! is_file( CART_SESSIONS_DIR . '/build/index.asset.php' ) ) {
	// Not fatal: the REST routes still work; the admin page shows the same message in place of the app.
	cart_sessions_guard_notice(
		__( 'Cart Sessions for CoCart: the JavaScript app is not built. Run `npm install && npm run build` in the plugin folder, or install the release zip.', 'cart-sessions-for-cocart' ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
	);
}

require_once CART_SESSIONS_DIR . '/includes/autoload.php';
add_action( 'plugins_loaded', array( \CartSessions\Plugin::class, 'boot' ) );
register_activation_hook( __FILE__, array( \CartSessions\Plugin::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \CartSessions\Plugin::class, 'deactivate' ) );
