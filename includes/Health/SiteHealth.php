<?php
/**
 * The connection doctor in Tools → Site Health: one Site Health test per doctor check (all from one report,
 * cached for an hour and dropped when the settings change), and a "Cart Sessions for CoCart" section in the
 * Info tab with the connection settings — the key only as a "ck_…a1b2" hint, the secret only as saved / not
 * saved.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Health;

use CartSessions\CoCart\Doctor;
use CartSessions\CoCart\DoctorReport;
use CartSessions\Credentials\Settings;

final class SiteHealth {

	public const CACHE = 'cart_sessions_health_report';

	/** The last doctor run in brief (note()), for the Settings tab's status card. */
	public const LAST_CHECK = 'cart_sessions_last_check';

	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'tests' ) );
		add_filter( 'debug_information', array( $this, 'debug_information' ) );
		add_action( 'update_option_' . Settings::OPTION, array( self::class, 'flush' ) );
		add_action( 'add_option_' . Settings::OPTION, array( self::class, 'flush' ) );
		add_filter( 'cart_sessions_reported_key_permission', array( self::class, 'reported_key_permission' ), 10, 2 );
		add_filter( 'cart_sessions_list_view_transients', array( self::class, 'with_cache' ) );
	}

	/**
	 * cart_sessions_list_view_transients: a list view may ask reported_key_permission(), so it reads the cached
	 * report with its other options.
	 *
	 * @param string[] $transients
	 * @return string[]
	 */
	public static function with_cache( $transients ): array {
		$transients   = (array) $transients;
		$transients[] = self::CACHE;
		return $transients;
	}

	/**
	 * cart_sessions_reported_key_permission: what the cached report (if it is this store's) says of the key's
	 * permission, for Sessions\DeletePermission; the report stays this class's to read.
	 *
	 * @param array<string,mixed>|null $reported
	 * @param string                   $store_url
	 * @return array{permission:string|null,message:string}|null
	 */
	public static function reported_key_permission( $reported, $store_url ): ?array {
		$report = get_transient( self::CACHE );
		if ( ! is_array( $report ) || ( $report['store_url'] ?? '' ) !== $store_url ) {
			return is_array( $reported ) ? $reported : null;
		}
		foreach ( (array) ( $report['checks'] ?? array() ) as $check ) {
			if ( 'key_permission' === ( $check['id'] ?? '' ) ) {
				return array(
					'permission' => $check['permission'] ?? null,
					'message'    => (string) ( $check['message'] ?? '' ),
				);
			}
		}
		return is_array( $reported ) ? $reported : null;
	}

	/**
	 * Keeps a report the settings screen just produced, so Site Health shows the same.
	 *
	 * @param array<string,mixed> $report
	 */
	public static function remember( array $report ): void {
		set_transient( self::CACHE, $report, HOUR_IN_SECONDS );
		self::note( $report );
	}

	/**
	 * What the Settings tab's status card says of the last run, kept after the cached report is gone: when, for
	 * which store, whether it passed, CoCart's version and the key's permission.
	 *
	 * @param array<string,mixed> $report
	 */
	private static function note( array $report ): void {
		$permission = null;
		foreach ( (array) ( $report['checks'] ?? array() ) as $check ) {
			if ( 'key_permission' === ( $check['id'] ?? '' ) && isset( $check['permission'] ) ) {
				$permission = (string) $check['permission'];
			}
		}
		update_option(
			self::LAST_CHECK,
			array(
				'store_url'      => (string) ( $report['store_url'] ?? '' ),
				'checked_at'     => (string) ( $report['checked_at'] ?? '' ),
				'ok'             => ! empty( $report['ok'] ),
				'cocart_version' => $report['cocart_version'] ?? null,
				'permission'     => $permission,
			),
			false
		);
	}

	/**
	 * The last run's note (note()) when it was for this store, else null.
	 *
	 * @return array{store_url:string,checked_at:string,ok:bool,cocart_version:string|null,permission:string|null}|null
	 */
	public static function last_report_summary( string $store_url ): ?array {
		$note = get_option( self::LAST_CHECK, null );
		return is_array( $note ) && ( $note['store_url'] ?? null ) === $store_url ? $note : null;
	}

	public static function flush(): void {
		delete_transient( self::CACHE );
	}

	/**
	 * The doctor's report, cached for an hour.
	 *
	 * @return array<string,mixed>
	 */
	public static function report(): array {
		$cached = get_transient( self::CACHE );
		if ( is_array( $cached ) && isset( $cached['checks'] ) ) {
			return $cached;
		}
		$report = ( new Doctor() )->run();
		self::remember( $report );
		return $report;
	}

	/**
	 * @param array<string,mixed> $tests
	 * @return array<string,mixed>
	 */
	public function tests( $tests ): array {
		$tests  = (array) $tests;
		$labels = DoctorReport::labels();
		foreach ( self::check_ids() as $id ) {
			$tests['direct'][ 'cart_sessions_' . $id ] = array(
				'label' => sprintf(
					/* translators: %s: check name, e.g. "API key" */
					__( 'Cart Sessions for CoCart — %s', 'cart-sessions-for-cocart' ),
					$labels[ $id ] ?? $id
				),
				'test'  => static function () use ( $id ): array {
					return self::result( $id );
				},
			);
		}
		return $tests;
	}

	/**
	 * The ids of the checks the doctor runs for this connection, in the doctor's order: over HTTP the key, header
	 * and loopback checks; in-process (CoCart on this site) the CoCart and user checks instead. Read from the
	 * (cached) report, so Site Health lists what the doctor really checked and nothing it does not.
	 *
	 * @return string[]
	 */
	public static function check_ids(): array {
		$reported = array_column( (array) ( self::report()['checks'] ?? array() ), 'id' );
		return array_values( array_intersect( array_keys( DoctorReport::labels() ), $reported ) );
	}

	/**
	 * One Site Health result from the doctor's check $id.
	 *
	 * @return array<string,mixed>
	 */
	public static function result( string $id ): array {
		$report = self::report();
		$check  = null;
		foreach ( (array) $report['checks'] as $candidate ) {
			if ( ( $candidate['id'] ?? '' ) === $id ) {
				$check = $candidate;
			}
		}
		$check  = $check ?? array(
			'label'   => $id,
			'status'  => 'skip',
			'message' => __( 'Not checked.', 'cart-sessions-for-cocart' ),
			'fix'     => null,
		);
		$map    = array(
			'pass' => 'good',
			'warn' => 'recommended',
			'fail' => 'critical',
			'skip' => 'good',
		);
		$status = $map[ $check['status'] ] ?? 'recommended';
		if ( 'settings' === $id
			&& 'critical' === $status
			&& Settings::STATE_NOT_CONFIGURED === ( new Settings() )->state() ) {
			$status = 'recommended'; // Not set up yet is not an emergency.
		}
		$text   = '<p>' . esc_html( (string) $check['message'] ) . '</p>';
		if ( ! empty( $check['fix'] ) ) {
			$text .= '<p><strong>' . esc_html__(
				'How to fix it:',
				'cart-sessions-for-cocart'
			) . '</strong> ' . esc_html( (string) $check['fix'] ) . '</p>';
		}
		$page = \CartSessions\Admin\Page::url();
		return array(
			'label'       => sprintf(
				/* translators: %s: check name, e.g. "API key" */
				__( 'Cart Sessions for CoCart — %s', 'cart-sessions-for-cocart' ),
				(string) $check['label']
			),
			'status' => $status,
			'badge'  => array(
				'label' => __( 'Cart Sessions', 'cart-sessions-for-cocart' ),
				'color' => 'critical' === $status ? 'red' : ( 'recommended' === $status ? 'orange' : 'blue' ),
			),
			'description' => $text,
			'actions'     => 'good' === $status
				? ''
				: sprintf(
					'<p><a href="%s">%s</a></p>',
					esc_url( add_query_arg( 'tab', 'settings', $page ) ),
					esc_html__( 'Open the Cart Sessions settings', 'cart-sessions-for-cocart' )
				),
			'test'        => 'cart_sessions_' . $id,
		);
	}

	/**
	 * @param array<string,mixed> $info
	 * @return array<string,mixed>
	 */
	public function debug_information( $info ): array {
		$info     = (array) $info;
		$settings = new Settings();
		$d        = $settings->describe();
		$store    = get_option( Doctor::STORE_INFO_OPTION, array() );
		$store    = is_array( $store ) ? $store : array();
		$yes_no   = static function ( bool $value ): string {
			return $value ? __( 'Yes', 'cart-sessions-for-cocart' ) : __( 'No', 'cart-sessions-for-cocart' );
		};
		$source   = static function ( string $field ) use ( $d ): string {
			return (string) ( $d['sources'][ $field ] ?? '' );
		};
		$in_use   = $d['key_in_use'];

		$info['cart-sessions-for-cocart'] = array(
			'label'  => __( 'Cart Sessions for CoCart', 'cart-sessions-for-cocart' ),
			'fields' => array(
				'state'          => array(
					'label' => __( 'Connection', 'cart-sessions-for-cocart' ),
					'value' => (string) $d['state'],
				),
				'store_url'      => array(
					'label' => __( 'Store URL', 'cart-sessions-for-cocart' ),
					'value' => $d['store_url'] . ' (' . $source( 'store_url' ) . ')',
				),
				'consumer_key'   => array(
					'label'   => __( 'Consumer key', 'cart-sessions-for-cocart' ),
					'value'   => ( '' !== $d['consumer_key_hint']
						? $d['consumer_key_hint']
						: '—' ) . ' (' . $source( 'consumer_key' ) . ')',
					'private' => true,
				),
				'secret_saved'   => array(
					'label' => __( 'Consumer secret saved', 'cart-sessions-for-cocart' ),
					'value' => $yes_no( (bool) $d['secret_saved'] ) . ' (' . $source( 'consumer_secret' ) . ')',
				),
				'backup_keys'    => array(
					'label' => __( 'Backup key pairs', 'cart-sessions-for-cocart' ),
					'value' => (string) count( $d['backup_keys'] ),
				),
				'key_in_use'     => array(
					'label'   => __( 'Key in use', 'cart-sessions-for-cocart' ),
					'value'   => null === $in_use
						? '—'
						: $in_use['label']
							. ' '
							. $in_use['consumer_key_hint']
							. ( null !== $in_use['auth'] ? ' / ' . $in_use['auth'] : '' )
							. ( null !== $in_use['rotated_at'] ? ' / rotated ' . $in_use['rotated_at'] : '' ),
					'private' => true,
				),
				'timeout'        => array(
					'label' => __( 'Timeout (seconds)', 'cart-sessions-for-cocart' ),
					'value' => (string) $d['timeout'],
				),
				'encryption'     => array(
					'label' => __( 'Encryption key', 'cart-sessions-for-cocart' ),
					'value' => 'constant' === $d['encryption']['key_source']
						? 'CART_SESSIONS_ENCRYPTION_KEY'
						: __( 'WordPress salts', 'cart-sessions-for-cocart' ),
				),
				'cocart_version' => array(
					'label' => __( 'CoCart version on the store', 'cart-sessions-for-cocart' ),
					'value' => is_string( $store['cocart_version'] ?? null )
						? $store['cocart_version']
						: __( 'Unknown (run “Test connection”)', 'cart-sessions-for-cocart' ),
				),
				'debug_log'      => array(
					'label' => __( 'Debug log', 'cart-sessions-for-cocart' ),
					'value' => $yes_no( (bool) $d['debug_log'] ),
				),
			),
		);
		return $info;
	}
}
