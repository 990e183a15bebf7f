<?php
/**
 * Puts a dev site back as `bin/local-wp up` leaves it, so its Sessions tab works on first open:
 * the store double in mode 4.3.6 without faults, CoCart called in-process (no key), 500 seeded carts (seed 1),
 * and the plugin with no saved connection (store URL empty = this site, debug log off) and no remembered
 * answers or log entries.
 *
 *   php bin/local-wp-files/dev-defaults.php <core dir> <site url>
 *
 * @package CartSessions
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc !== 3 ) {
	fwrite( STDERR, "usage: php dev-defaults.php <core dir> <site url>\n" );
	exit( 2 );
}
$dev_defaults_url = parse_url( $argv[2] );
$_SERVER         += array(
	'HTTP_HOST'   => $dev_defaults_url['host'] . ':' . ( $dev_defaults_url['port'] ?? 80 ),
	'SERVER_NAME' => $dev_defaults_url['host'],
	'SERVER_PORT' => (string) ( $dev_defaults_url['port'] ?? 80 ),
	'REQUEST_URI' => '/',
);
define( 'WP_USE_THEMES', false );
require $argv[1] . '/wp-load.php';

\CoCartDouble\Control::reset();
\CoCartDouble\Control::set_in_process( true );
\CoCartDouble\Control::seed( 500, 1, null, true );

global $wpdb;
$dev_defaults_options = array(
	\CartSessions\Credentials\Settings::OPTION,
	\CartSessions\Credentials\Settings::STATE_OPTION,
	\CartSessions\CoCart\Doctor::STORE_INFO_OPTION,
	\CartSessions\Sessions\KeyOwner::OPTION,
	\CartSessions\Sessions\KeyOwner::TIMES_OPTION,
	\CartSessions\Sessions\DeletePermission::OPTION,
	\CartSessions\Sessions\TooBig::OPTION,
	\CartSessions\CoCart\DebugLog::OPTION,
	\CartSessions\Health\SiteHealth::LAST_CHECK,
	\CartSessions\Credentials\ConnectTokens::OPTION,
	\CartSessions\Rest\CallbackLimit::OPTION,
);
foreach ( $dev_defaults_options as $dev_defaults_option ) {
	delete_option( $dev_defaults_option );
}
$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	"DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%cart\\_sessions\\_list\\_%'"
	. " OR option_name LIKE '\\_transient\\_%cart\\_sessions\\_details\\_%'"
);
wp_cache_flush();
echo $argv[2] . ": 500 carts, CoCart in-process, no saved connection\n";
