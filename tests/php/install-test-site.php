<?php
/**
 * Wipes the test database and installs WordPress there with this plugin active. Run by bootstrap.php in its own
 * process. Variables are prefixed: wp-settings.php overwrites globals such as $plugin.
 */

declare(strict_types=1);

$cart_sessions_test_core = $argv[1];
define( 'WP_INSTALLING', true );
$_SERVER += array(
	'HTTP_HOST'   => '127.0.0.1',
	'SERVER_NAME' => '127.0.0.1',
	'SERVER_PORT' => '80',
	'REQUEST_URI' => '/',
);
require $cart_sessions_test_core . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

global $wpdb;
$wpdb->query( 'SET FOREIGN_KEY_CHECKS = 0' );
$cart_sessions_tables = $wpdb->get_col(
	$wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix ) . '%' )
);
foreach ( $cart_sessions_tables as $cart_sessions_table ) {
	$wpdb->query( "DROP TABLE IF EXISTS `$cart_sessions_table`" );
}
wp_cache_flush();
wp_install( 'Test Site', 'admin', 'admin@example.com', false, '', 'password' );
update_option( 'permalink_structure', '/%postname%/' );
// The plugin, then the CoCart store double (its tables are created on the first load, by bootstrap.php), and a
// probe that calls CoCart in-process from a route of its own (fixtures/in-process-probe.php), and a stand-in for an
// app's callback (fixtures/callback-recorder.php); this site only.
update_option(
	'active_plugins',
	array(
		'cart-sessions-for-cocart/plugin.php',
		'cocart-double/cocart-double.php',
		'cart-sessions-for-cocart/tests/php/fixtures/in-process-probe.php',
		'cart-sessions-for-cocart/tests/php/fixtures/callback-recorder.php',
	)
);
// Unlike a real WooCommerce site, administrators here do not get manage_woocommerce: the capability tests need an
// administrator without it. HTTP tests use shop managers (the role the double creates) as key owners.
update_option( 'cocart_double_grant_admin_cap', '0' );
