<?php
/**
 * wp-config.php for a bin/local-wp site (@SITE@). Written by bin/local-wp on every start: edit the template in
 * bin/local-wp-files/, not the copy.
 */
define( 'DB_NAME', getenv( 'WP_DB_NAME' ) ?: '@DB_NAME@' ); // PHPUnit points this at the throwaway @DB_NAME@_test.
define( 'DB_USER', 'wp' );
define( 'DB_PASSWORD', 'wp' );
define( 'DB_HOST', '127.0.0.1:@DB_PORT@' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$local_wp_salts = array(
	'AUTH_KEY',
	'SECURE_AUTH_KEY',
	'LOGGED_IN_KEY',
	'NONCE_KEY',
	'AUTH_SALT',
	'SECURE_AUTH_SALT',
	'LOGGED_IN_SALT',
	'NONCE_SALT',
);
foreach ( $local_wp_salts as $local_wp_salt ) {
	define( $local_wp_salt, 'local-wp-@SITE@-' . $local_wp_salt );
}
$table_prefix = 'wp_';
// HTTPS: bin/local-wp runs a TLS proxy (stunnel) on loopback whose only backends are separate php -S servers
// started with LOCAL_WP_HTTPS=1 (and an https:// LOCAL_WP_URL). stunnel cannot add a header, and a header would
// be forgeable by any plain-HTTP client, so the backend's own port is the marker: is_ssl() is true on exactly the
// requests that came through TLS, false on the plain-HTTP servers.
if ( getenv( 'LOCAL_WP_HTTPS' ) ) {
	$_SERVER['HTTPS'] = 'on';
}
// The test server (same core, test database, its own port) and PHPUnit set LOCAL_WP_URL to their own address.
define( 'WP_HOME', getenv( 'LOCAL_WP_URL' ) ?: '@URL@' );
define( 'WP_SITEURL', WP_HOME );
define( 'WP_DEBUG', true );
define(
	'WP_DEBUG_LOG',
	dirname( __DIR__, 2 ) . '/run/@SITE@' . ( getenv( 'WP_DB_NAME' ) ? '-test' : '' ) . '-debug.log'
);
define( 'WP_DEBUG_DISPLAY', false );
define( 'SCRIPT_DEBUG', false );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true ); // No internet here: fail fast instead of waiting on timeouts.
// The local stores are this server at other ports (the TLS front, the test server, the benchmark's store server):
// the plugin refuses a store on its own host at another port unless this says it is deliberate.
define( 'CART_SESSIONS_ALLOW_LOCAL_STORE', true );
define( 'FS_METHOD', 'direct' );
// Extra constants for one site (tests write it; absent normally).
if ( is_file( __DIR__ . '/wp-config-extra.php' ) ) {
	require __DIR__ . '/wp-config-extra.php';
}
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
