<?php
/**
 * The benchmark's "same site" part (bench/run.mjs part 7): the plugin and CoCart on one WordPress, the store
 * double in its realistic cost mode (60 ms of CPU per HTTP request, ~1 ms per in-process call). Each pair runs in
 * this one PHP process, same site, same double, interleaved: the in-process transport against the loopback HTTP
 * way (the same client with the in-process transport filtered off and a key, to this site's own web server).
 *
 *   php bench/same-site.php <core dir> <site url> [quick]
 *
 * Prints JSON: get / delete {in_process_ms, http_ms} (medians a cart), scan {carts, seconds, requests}, cleanup
 * {carts, in_process_s, http_s}. Leaves the connection as it found it; the carts are bench/run.mjs's to restore.
 *
 * @package CartSessions
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php bench/same-site.php <core dir> <site url> [quick]\n" );
	exit( 2 );
}
$same_url = parse_url( $argv[2] );
$_SERVER += array(
	'HTTP_HOST'   => $same_url['host'] . ':' . ( $same_url['port'] ?? 80 ),
	'SERVER_NAME' => $same_url['host'],
	'SERVER_PORT' => (string) ( $same_url['port'] ?? 80 ),
	'REQUEST_URI' => '/',
);
define( 'WP_USE_THEMES', false );
require $argv[1] . '/wp-load.php';
ini_set( 'memory_limit', '1024M' ); // phpcs:ignore WordPress.PHP.IniSet -- the scan holds 10,000 carts' details.

use CartSessions\Cleanup\Rule;
use CartSessions\Cleanup\Runner;
use CartSessions\CoCart\Client;
use CartSessions\Credentials\Settings;
use CoCartDouble\Control;
use CoCartDouble\Schema;

$same_quick = 'quick' === ( $argv[3] ?? '' );
$same_admin = get_user_by( 'login', 'admin' );
wp_set_current_user( (int) $same_admin->ID );

/** Runs $fn with the in-process transport on or off (off: HTTP to this site, with the bench key). */
function same_site_with( bool $in_process, callable $fn ) {
	$off = '__return_false';
	if ( ! $in_process ) {
		add_filter( 'cart_sessions_in_process', $off, 100 );
	}
	try {
		return $fn();
	} finally {
		remove_filter( 'cart_sessions_in_process', $off, 100 );
	}
}

function same_site_forget(): void {
	global $wpdb;
	$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE '\\_transient\\_%cart\\_sessions\\_%'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	delete_option( \CartSessions\Sessions\TooBig::OPTION );
	wp_cache_flush();
}

function same_site_median( array $values ): float {
	sort( $values );
	$n = count( $values );
	return $n % 2 ? (float) $values[ intdiv( $n, 2 ) ] : ( $values[ $n / 2 - 1 ] + $values[ $n / 2 ] ) / 2;
}

/** Carts' keys, oldest first. */
function same_site_keys( int $limit ): array {
	global $wpdb;
	return $wpdb->get_col( $wpdb->prepare( 'SELECT cart_key FROM ' . Schema::carts_table() . ' ORDER BY cart_id LIMIT %d', $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
}

// The connection: this site (store URL empty) with a key for the HTTP way.
$same_saved = array(
	get_option( Settings::OPTION, null ),
	get_option( Settings::STATE_OPTION, null ),
);
$same_key   = Control::create_key( (int) $same_admin->ID, 'read_write', 'cart-sessions bench' );
$same_save  = ( new Settings() )->save(
	array(
		'store_url'         => '',
		'clear_credentials' => true,
		'consumer_key'      => $same_key['consumer_key'],
		'consumer_secret'   => $same_key['consumer_secret'],
		'timeout'           => 60,
		'debug_log'         => false, // Measured as installed: the debug log is off unless switched on.
	)
);
if ( is_wp_error( $same_save ) ) {
	fwrite( STDERR, 'Could not save the connection: ' . $same_save->get_error_message() . "\n" );
	exit( 1 );
}
Control::set_faults( array( 'cost_ms' => 60 ) );
$same_out = array();

try {
	// Per cart: GET and DELETE, alternating the two ways.
	$same_n = $same_quick ? 10 : 25;
	Control::seed( 4 * $same_n + 10, 1, null, true );
	same_site_forget();
	$same_clients = array(
		'in_process' => same_site_with( true, static function () { $c = new Client(); $c->in_process(); return $c; } ),
		'http'       => same_site_with( false, static function () { $c = new Client(); $c->in_process(); return $c; } ),
	);
	if ( ! $same_clients['in_process']->in_process() || $same_clients['http']->in_process() ) {
		throw new RuntimeException( 'the two clients do not use the two transports' );
	}
	$same_keys = same_site_keys( 4 * $same_n );
	foreach ( array( 'get' => 'GET', 'delete' => 'DELETE' ) as $same_name => $same_method ) {
		$same_times = array(
			'in_process' => array(),
			'http'       => array(),
		);
		for ( $i = 0; $i < $same_n; $i++ ) {
			$order = 0 === $i % 2 ? array( 'in_process', 'http' ) : array( 'http', 'in_process' );
			foreach ( $order as $way ) {
				$key   = 'GET' === $same_method ? $same_keys[ $i ] : array_pop( $same_keys );
				$start = microtime( true );
				$r     = $same_clients[ $way ]->request( $same_method, 'cocart/v2/session/' . $key );
				$same_times[ $way ][] = ( microtime( true ) - $start ) * 1000;
				if ( $r instanceof WP_Error ) {
					throw new RuntimeException( "$same_method $way: " . $r->get_error_message() );
				}
			}
		}
		$same_out[ $same_name ] = array(
			'in_process_ms' => round( same_site_median( $same_times['in_process'] ), 2 ),
			'http_ms'       => round( same_site_median( $same_times['http'] ), 2 ),
			'calls'         => $same_n,
		);
	}

	// The Overview's first scan over 10,000 carts, in-process, slice after slice as the screen polls.
	$same_carts = $same_quick ? 2000 : 10000;
	Control::seed( $same_carts, 1, null, true );
	same_site_forget();
	$same_start = microtime( true );
	$same_polls = 0;
	do {
		$GLOBALS['wp_rest_server'] = null;
		$r    = rest_do_request( new WP_REST_Request( 'GET', '/cart-sessions/v1/stats' ) );
		$data = $r->get_data();
		++$same_polls;
		if ( 200 !== $r->get_status() ) {
			throw new RuntimeException( 'stats: ' . wp_json_encode( $data ) );
		}
	} while ( empty( $data['scan']['done'] ) && $same_polls < 500 );
	$same_out['scan'] = array(
		'carts'    => $same_carts,
		'seconds'  => round( microtime( true ) - $same_start, 2 ),
		'requests' => $same_polls,
		'done'     => ! empty( $data['scan']['done'] ),
	);

	// Cleanup by rule (expired more than 30 days ago, cart by cart), each way on its own expired carts.
	$same_clean = $same_quick ? 200 : 2000;
	foreach ( array( 'in_process' => true, 'http' => false ) as $way => $in_process ) {
		Control::seed( 2 * $same_clean, 1, null, true );
		global $wpdb;
		$table = Schema::carts_table();
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET cart_expiry = %d", time() + WEEK_IN_SECONDS ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query( $wpdb->prepare( "UPDATE {$table} SET cart_expiry = %d ORDER BY cart_id LIMIT %d", time() - 40 * DAY_IN_SECONDS, $same_clean ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		same_site_forget();
		$same_seconds = same_site_with(
			$in_process,
			static function () use ( $way ): float {
				$start  = microtime( true );
				$runner = new Runner();
				$run    = $runner->start( Rule::from_array( array( 'expired_days' => 30, 'keep_with_email' => false, 'source' => '' ) ), 'cli', get_current_user_id(), false );
				if ( $run instanceof WP_Error ) {
					throw new RuntimeException( "cleanup $way: " . $run->get_error_message() );
				}
				while ( 'running' === $run['status'] ) {
					$run = $runner->step( (int) $run['id'] );
					if ( $run instanceof WP_Error ) {
						throw new RuntimeException( "cleanup $way: " . $run->get_error_message() );
					}
				}
				if ( $run['failed'] > 0 || 'done' !== $run['status'] ) {
					throw new RuntimeException( "cleanup $way: {$run['status']}, {$run['failed']} failed" );
				}
				return microtime( true ) - $start;
			}
		);
		$same_out['cleanup'][ $way . '_s' ] = round( $same_seconds, 2 );
		$same_out['cleanup']['carts']       = $same_clean;
	}
} finally {
	Control::set_faults( array() );
	$wpdb->delete( Schema::keys_table(), array( 'description' => 'cart-sessions bench' ), array( '%s' ) );
	foreach ( array( Settings::OPTION => $same_saved[0], Settings::STATE_OPTION => $same_saved[1] ) as $option => $value ) {
		null === $value ? delete_option( $option ) : update_option( $option, $value, false );
	}
	same_site_forget();
}
echo wp_json_encode( $same_out ) . "\n";
