<?php
/**
 * The benchmark's hands on a bin/local-wp site (there is no wp-cli here): set the store double's switches, seed
 * carts, connect the plugin to the double, empty our caches, make posts for the Posts-list baseline. Run by
 * bench/run.mjs; prints JSON on stdout.
 *
 *   php bench/site.php <core dir> <site url> <command> [argument]
 *
 *   save-state            the plugin's connection and the double's switches as they are (for restore-state)
 *   restore-state <json>  puts them back, removes the bench key
 *   connect [store url]   a fresh read/write key for admin; the plugin connected with it to the store at that
 *                         address (bin/local-wp store-server), or to this site. Prints the key pair:
 *                         bench/run.mjs needs it to sign the direct calls to the double.
 *   faults <json>         the double's cost/latency/fault switches (CoCartDouble\Control::set_faults)
 *   seed <count>          replaces the carts with <count> deterministic ones (seed 1)
 *   expire <count>        makes exactly <count> carts expired (expiry in the past) and every other cart active
 *   count                 how many carts the store holds, and how many expired
 *   forget <what>         empties our caches: list | details (the table) | info | all (list + details + store info)
 *   posts <count>         makes sure at least <count> published posts exist
 *   requests [reset]      the HTTP requests the store double served since the last reset, by kind (reset: zero them)
 *   fill-details <left>   the list fetched afresh, and every listed cart's detail put in the detail cache but
 *                         <left> of them, as the Overview's first scan leaves it near its end
 *   slice <seconds>       one Overview scan slice of that budget, as GET stats runs it: the bytes of the SQL
 *                         statements it sent that write (INSERT, UPDATE, REPLACE, DELETE), how many, the details
 *                         fetched, and this process's PHP peak memory
 *
 * @package CartSessions
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 4 ) {
	fwrite( STDERR, "usage: php bench/site.php <core dir> <site url> <command> [argument]\n" );
	exit( 2 );
}
$bench_url = parse_url( $argv[2] );
$_SERVER  += array(
	'HTTP_HOST'   => $bench_url['host'] . ':' . ( $bench_url['port'] ?? 80 ),
	'SERVER_NAME' => $bench_url['host'],
	'SERVER_PORT' => (string) ( $bench_url['port'] ?? 80 ),
	'REQUEST_URI' => '/',
);
$bench_cmd = $argv[3];
$bench_arg = $argv[4] ?? '';
define( 'WP_USE_THEMES', false );
require $argv[1] . '/wp-load.php';

if ( ! class_exists( \CoCartDouble\Control::class ) || ! class_exists( \CartSessions\Credentials\Settings::class ) ) {
	fwrite( STDERR, "The plugin and the CoCart store double must both be active on this site.\n" );
	exit( 1 );
}
\CoCartDouble\Schema::maybe_install();

const BENCH_KEY_DESCRIPTION = 'cart-sessions bench';

/**
 * Deletes our caches: the list and details transients, and/or the store facts.
 */
function bench_forget( string $what ): void {
	global $wpdb;
	$like = array();
	if ( in_array( $what, array( 'list', 'all' ), true ) ) {
		$like[] = '\\_transient\\_%cart\\_sessions\\_list\\_%';
		delete_option( \CartSessions\Sessions\TooBig::OPTION ); // "Too big for its list" is what we know of the list too.
	}
	if ( in_array( $what, array( 'details', 'all' ), true ) ) {
		$wpdb->query( 'TRUNCATE ' . \CartSessions\Storage\Schema::table( 'details' ) );
	}
	foreach ( $like as $pattern ) {
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $pattern ) );
	}
	if ( in_array( $what, array( 'info', 'all' ), true ) ) {
		delete_option( \CartSessions\CoCart\Doctor::STORE_INFO_OPTION );
	}
	wp_cache_flush();
}

$bench_out = null;
switch ( $bench_cmd ) {
	case 'save-state':
		$bench_out = array(
			'connection' => get_option( \CartSessions\Credentials\Settings::OPTION, null ),
			'state'      => get_option( \CartSessions\Credentials\Settings::STATE_OPTION, null ),
			'faults'     => get_option( \CoCartDouble\Control::FAULTS_OPTION, array() ),
			'mode'       => \CoCartDouble\Control::mode(),
			// The key of an earlier run is still there: that run was stopped before it put the site back, and what
			// is saved now is its connection, not the site's own.
			'leftover'   => null !== $wpdb->get_var(
				$wpdb->prepare(
					'SELECT key_id FROM ' . \CoCartDouble\Schema::keys_table() . ' WHERE description = %s LIMIT 1',
					BENCH_KEY_DESCRIPTION
				)
			),
		);
		break;
	case 'restore-state':
		$bench_state = json_decode( $bench_arg, true );
		foreach ( array( 'connection' => \CartSessions\Credentials\Settings::OPTION, 'state' => \CartSessions\Credentials\Settings::STATE_OPTION ) as $bench_field => $bench_option ) {
			if ( null === ( $bench_state[ $bench_field ] ?? null ) ) {
				delete_option( $bench_option );
			} else {
				update_option( $bench_option, $bench_state[ $bench_field ], false );
			}
		}
		\CoCartDouble\Control::reset();
		\CoCartDouble\Control::set_mode( (string) ( $bench_state['mode'] ?? '4.3.6' ) );
		\CoCartDouble\Control::set_faults( is_array( $bench_state['faults'] ?? null ) ? $bench_state['faults'] : array() );
		$wpdb->delete( \CoCartDouble\Schema::keys_table(), array( 'description' => BENCH_KEY_DESCRIPTION ), array( '%s' ) );
		bench_forget( 'all' );
		$bench_out = array( 'restored' => true );
		break;
	case 'connect':
		$bench_admin = get_user_by( 'login', 'admin' );
		$wpdb->delete( \CoCartDouble\Schema::keys_table(), array( 'description' => BENCH_KEY_DESCRIPTION ), array( '%s' ) );
		$bench_key  = \CoCartDouble\Control::create_key( (int) $bench_admin->ID, 'read_write', BENCH_KEY_DESCRIPTION );
		$bench_save = ( new \CartSessions\Credentials\Settings() )->save(
			array(
				'store_url'         => $bench_arg, // The store server (bin/local-wp store-server); '' is this site.
				'clear_credentials' => true,
				'consumer_key'      => $bench_key['consumer_key'],
				'consumer_secret'   => $bench_key['consumer_secret'],
				'timeout'           => 60, // The store's own list of 50,000 carts takes seconds on a busy machine.
				'debug_log'         => false, // Measured as installed: the debug log is off unless switched on.
			)
		);
		if ( is_wp_error( $bench_save ) ) {
			fwrite( STDERR, 'Could not connect the plugin: ' . $bench_save->get_error_message() . "\n" );
			exit( 1 );
		}
		bench_forget( 'all' );
		$bench_out = array(
			'consumer_key'    => $bench_key['consumer_key'],
			'consumer_secret' => $bench_key['consumer_secret'],
		);
		break;
	case 'faults':
		\CoCartDouble\Control::set_faults( (array) json_decode( $bench_arg, true ) );
		$bench_out = \CoCartDouble\Control::faults();
		break;
	case 'seed':
		$bench_out = \CoCartDouble\Control::seed( max( 0, (int) $bench_arg ), 1, null, true );
		bench_forget( 'all' );
		break;
	case 'expire':
		$bench_table = \CoCartDouble\Schema::carts_table();
		$bench_now   = time();
		// Everything active for a week, then exactly N (the lowest ids) expired 40 days ago: "every expired cart"
		// and "expired more than 30 days ago" then pick the same N carts.
		$wpdb->query( $wpdb->prepare( "UPDATE {$bench_table} SET cart_expiry = %d", $bench_now + WEEK_IN_SECONDS ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		$wpdb->query( $wpdb->prepare( "UPDATE {$bench_table} SET cart_expiry = %d ORDER BY cart_id LIMIT %d", $bench_now - 40 * DAY_IN_SECONDS, max( 0, (int) $bench_arg ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		bench_forget( 'all' );
		// Falls through to report the counts.
	case 'count':
		$bench_table = \CoCartDouble\Schema::carts_table();
		$bench_out   = array(
			'carts'   => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$bench_table}" ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			'expired' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$bench_table} WHERE cart_expiry < %d", time() ) ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		);
		break;
	case 'forget':
		bench_forget( $bench_arg ?: 'all' );
		$bench_out = array( 'forgot' => $bench_arg ?: 'all' );
		break;
	case 'posts':
		$bench_have = (int) wp_count_posts( 'post' )->publish;
		for ( $i = $bench_have; $i < (int) $bench_arg; $i++ ) {
			wp_insert_post(
				array(
					'post_title'   => 'Benchmark post ' . ( $i + 1 ),
					'post_content' => 'A post for the Posts-list baseline of the benchmark.',
					'post_status'  => 'publish',
					'post_author'  => 1,
				)
			);
		}
		$bench_out = array( 'posts' => (int) wp_count_posts( 'post' )->publish );
		break;
	case 'requests':
		if ( 'reset' === $bench_arg ) {
			\CoCartDouble\Control::reset_requests();
		}
		$bench_out = \CoCartDouble\Control::requests();
		break;
	case 'fill-details':
		$bench_service = new \CartSessions\Sessions\Service();
		$bench_all     = $bench_service->all_rows( true );
		if ( is_wp_error( $bench_all ) ) {
			fwrite( STDERR, 'No list: ' . $bench_all->get_error_message() . "\n" );
			exit( 1 );
		}
		$bench_cache = \CartSessions\Sessions\DetailCache::for_store( ( new \CartSessions\Credentials\Settings() )->store_url() );
		$bench_keys  = array_keys( $bench_all['rows'] );
		$bench_fill  = array_slice( $bench_keys, 0, max( 0, count( $bench_keys ) - max( 0, (int) $bench_arg ) ) );
		foreach ( $bench_fill as $bench_key ) {
			$bench_cache->put(
				(string) $bench_key,
				(string) $bench_all['rows'][ $bench_key ]['expires'],
				2,
				'24.00',
				(string) wp_json_encode( array( array( 16, 'Beanie', 2, '24.00' ) ) )
			);
		}
		$bench_cache->save();
		$bench_out = array(
			'carts'  => count( $bench_keys ),
			'cached' => count( $bench_fill ),
		);
		break;
	case 'slice':
		$bench_written = array(
			'bytes'      => 0,
			'statements' => 0,
		);
		add_filter(
			'query',
			static function ( $sql ) use ( &$bench_written ) {
				if ( preg_match( '/^\s*(INSERT|UPDATE|REPLACE|DELETE)\b/i', (string) $sql ) ) {
					$bench_written['bytes'] += strlen( (string) $sql );
					++$bench_written['statements'];
				}
				return $sql;
			}
		);
		$bench_started = microtime( true );
		$bench_stats   = new \CartSessions\Insights\Stats();
		$bench_result  = $bench_stats->get( false, (float) $bench_arg );
		$bench_out     = array(
			'ms'            => round( ( microtime( true ) - $bench_started ) * 1000 ),
			'bytes_written' => $bench_written['bytes'],
			'statements'    => $bench_written['statements'],
			'fetched'       => $bench_stats->detail_requests,
			'scanned'       => is_array( $bench_result ) ? $bench_result['scan']['scanned'] : null,
			'peak'          => memory_get_peak_usage(),
		);
		break;
	default:
		fwrite( STDERR, "Unknown command '$bench_cmd'.\n" );
		exit( 2 );
}
echo wp_json_encode( $bench_out ) . "\n";
