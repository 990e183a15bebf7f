<?php
/**
 * PHPUnit bootstrap: a real WordPress (a bin/local-wp site's core) on a throwaway database.
 *
 * The test database (wp_<site>_test) is wiped and WordPress installed afresh in a separate process (installing
 * needs WP_INSTALLING, which must not leak into the tests), with this plugin active. Then this process loads
 * WordPress normally. Tests run in a transaction each (see WpTestCase).
 *
 * Environment: LOCAL_WP_SITE (default main), LOCAL_WP_DIR (default <repo>/.local-wp).
 */

declare(strict_types=1);

$cart_sessions_test_site = getenv( 'LOCAL_WP_SITE' ) ?: 'main';
$cart_sessions_test_core = (
	getenv( 'LOCAL_WP_DIR' ) ?: dirname( __DIR__, 2 )
	. '/.local-wp'
) . '/sites/' . $cart_sessions_test_site;
if ( ! is_file( $cart_sessions_test_core . '/wp-config.php' ) ) {
	fwrite( STDERR, "No WordPress at $cart_sessions_test_core: run `bin/local-wp start` first.\n" );
	exit( 1 );
}
// The same database and address as the test server that bin/local-wp runs, so HTTP requests made by a test
// (to the store double, say) see what the test set up.
putenv( 'WP_DB_NAME=wp_' . $cart_sessions_test_site . '_test' );
define( 'CART_SESSIONS_TEST_URL', 'http://127.0.0.1:' . ( getenv( 'LOCAL_WP_TEST_PORT' ) ?: '8899' ) );
define( 'CART_SESSIONS_TEST_HTTPS_URL', 'https://127.0.0.1:' . ( getenv( 'LOCAL_WP_TLS_TEST_PORT' ) ?: '8443' ) );
putenv( 'LOCAL_WP_URL=' . CART_SESSIONS_TEST_URL );

passthru(
	escapeshellarg( PHP_BINARY ) . ' ' . escapeshellarg(
		__DIR__
		. '/install-test-site.php'
	) . ' ' . escapeshellarg( $cart_sessions_test_core ),
	$cart_sessions_install_rc
);
if ( 0 !== $cart_sessions_install_rc ) {
	fwrite( STDERR, "Installing the test site failed (is MariaDB up? `bin/local-wp status`).\n" );
	exit( 1 );
}

$_SERVER += array(
	'HTTP_HOST'   => '127.0.0.1',
	'SERVER_NAME' => '127.0.0.1',
	'SERVER_PORT' => '80',
	'REQUEST_URI' => '/',
);
define( 'WP_USE_THEMES', false );
require $cart_sessions_test_core . '/wp-load.php';
// The plugin's tables (activation does this on a real site; the test install only sets active_plugins). Here,
// outside any test's transaction: CREATE TABLE would commit it.
\CartSessions\Storage\Schema::maybe_upgrade();
// Admin-side APIs the tests call (menus, screens), as wp-admin would have loaded them.
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
require_once ABSPATH . 'wp-admin/includes/screen.php';
// The tests' base classes and helpers (tests/php/Support): one root, two ways of undoing a test's writes.
require __DIR__ . '/Support/PluginTestCase.php';
require __DIR__ . '/Support/WpTestCase.php'; // In this process, in a transaction rolled back after each test.
require __DIR__ . '/Support/HttpTestCase.php'; // Over real HTTP against the test server (the CoCart store double).
require __DIR__ . '/Support/HttpResult.php';
require __DIR__ . '/Support/OAuth1.php';
require __DIR__ . '/Support/StoreApproval.php'; // A browser approving a key on the store double's wc-auth screen.
